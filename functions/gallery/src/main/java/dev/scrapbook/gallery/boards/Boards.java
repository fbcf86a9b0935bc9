package dev.scrapbook.gallery.boards;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.web.ApiProblem;

/**
 * Making, renaming, describing and deleting boards. A board someone can't see is a 404 whether or not it
 * exists; a member who may see it but not change it gets a 403. Deleting a board leaves every image in its
 * owner's gallery.
 */
@Service
class Boards {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2000;
    /** Boards are listed whole (no pagination): a cap keeps that list, and one account's rows, bounded. */
    static final int MAX_BOARDS_PER_OWNER = 1000;

    /** What a PATCH changes; a field left out of the request stays as it is. */
    record Changes(String name, boolean describes, String description, boolean choosesCover, UUID coverImageId) {
    }

    private final JdbcClient db;
    private final BoardRepository boards;

    Boards(JdbcClient db, BoardRepository boards) {
        this.db = db;
        this.boards = boards;
    }

    Board visible(UUID viewer, UUID boardId) {
        return boards.find(boardId, viewer).orElseThrow(() -> ApiProblem.notFound("board"));
    }

    List<Board> visibleTo(UUID viewer, UUID imageId) {
        return boards.visibleTo(viewer, imageId);
    }

    /**
     * Locks the board for a change of its images, order or cover, and the caller's membership with it: writes
     * to one board run one at a time (an add appends after the largest position without a race), and a
     * membership can't end in the middle of its holder's add (the V8 trigger then sees what was added).
     * FOR NO KEY UPDATE, not FOR UPDATE, so rows that merely reference the board are not held up.
     */
    Board lockForChange(UUID caller, UUID boardId) {
        db.sql("select id from boards where id = ? for no key update").param(boardId).query(UUID.class).optional();
        db.sql("select role from board_members where board_id = ? and user_id = ? for share")
                .params(boardId, caller).query(String.class).optional();
        return visible(caller, boardId);
    }

    @Transactional
    Board create(UUID owner, String name, String description) {
        String checkedName = name(name);
        String checkedDescription = description(description);
        // One owner's creations queue on their user row, so two at once can't both pass the cap.
        db.sql("select id from users where id = ? for no key update").param(owner).query(UUID.class).single();
        int owned = db.sql("select count(*) from boards where owner_id = ?").param(owner).query(Integer.class).single();
        if (owned >= MAX_BOARDS_PER_OWNER) {
            throw new ApiProblem(HttpStatus.CONFLICT, "limit-reached",
                    "you have " + MAX_BOARDS_PER_OWNER + " boards, the most one account can have; delete some first");
        }
        UUID id = db.sql("insert into boards (owner_id, name, description) values (?, ?, ?) returning id")
                .params(owner, checkedName, checkedDescription).query(UUID.class).single();
        return visible(owner, id);
    }

    @Transactional
    Board change(UUID caller, UUID boardId, Changes changes) {
        lockForChange(caller, boardId).requireOwner("rename it, describe it or choose its cover");
        if (changes.name() != null) {
            db.sql("update boards set name = ?, updated_at = now() where id = ?").params(name(changes.name()), boardId).update();
        }
        if (changes.describes()) {
            db.sql("update boards set description = ?, updated_at = now() where id = ?")
                    .params(description(changes.description()), boardId).update();
        }
        if (changes.choosesCover()) {
            chooseCover(boardId, changes.coverImageId());
        }
        return visible(caller, boardId);
    }

    /** A cover must be on the board (V8's foreign key says so too); null goes back to the first image. */
    private void chooseCover(UUID boardId, UUID imageId) {
        int changed = db.sql("""
                        update boards set cover_image_id = cast(:image as uuid) where id = :board
                          and (cast(:image as uuid) is null
                               or exists (select 1 from board_images where board_id = :board and image_id = :image))""")
                .param("board", boardId).param("image", imageId).update();
        if (changed == 0) {
            throw ApiProblem.badRequest("coverImageId must be an image on this board");
        }
    }

    void delete(UUID caller, UUID boardId) {
        visible(caller, boardId).requireOwner("delete it");
        // The images stay: only the board, its order, memberships and links go (V8's cascades).
        if (db.sql("delete from boards where id = ? and owner_id = ?").params(boardId, caller).update() == 0) {
            throw ApiProblem.notFound("board");
        }
    }

    private static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || characters(stripped) > MAX_NAME) {
            throw ApiProblem.badRequest("name: 1 to " + MAX_NAME + " characters");
        }
        return stripped;
    }

    private static String description(String description) {
        String stripped = description == null ? "" : description.strip();
        if (characters(stripped) > MAX_DESCRIPTION) {
            throw ApiProblem.badRequest("description: at most " + MAX_DESCRIPTION + " characters");
        }
        return stripped.isEmpty() ? null : stripped;
    }

    /** Counted as PostgreSQL's char_length counts them (V8's checks): an emoji is one. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}
