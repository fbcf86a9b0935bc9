package dev.scrapbook.gallery.boards;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.BoardImage;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.web.ApiProblem;

/**
 * The images on a board and their order. Everyone puts only their own images on a board (the owner and
 * contributors); the owner takes any image off, a member only their own. Order is an integer position per
 * image (V8): adding appends, reordering hands the named images the positions they already held among
 * themselves, so one statement rewrites only the images that move.
 */
@Service
class BoardImages {

    /** "A few thousand images" per board: the order of a whole board still fits one request. */
    static final int MAX_BOARD_IMAGES = 5000;
    static final int MAX_ADD = 500;

    private final JdbcClient db;
    private final Boards boards;
    private final BoardRepository repository;

    BoardImages(JdbcClient db, Boards boards, BoardRepository repository) {
        this.db = db;
        this.boards = boards;
        this.repository = repository;
    }

    /** Adds the caller's images at the end, in the order given; images already on the board stay where they are. */
    @Transactional
    Board add(UUID caller, UUID boardId, List<UUID> imageIds) {
        UUID[] ids = distinct(imageIds, MAX_ADD);
        Board board = boards.lockForChange(caller, boardId).requireContributor("add images");
        int mine = db.sql("select count(*) from images where owner_id = ? and id = any(?)")
                .params(caller, ids).query(Integer.class).single();
        if (mine != ids.length) {
            // Someone else's image is as absent here as anywhere: a board takes only your own.
            throw ApiProblem.notFound("image");
        }
        int added = db.sql("""
                        insert into board_images (board_id, image_id, position)
                        select :board, a.id, (select coalesce(max(position), 0) from board_images where board_id = :board) + a.n
                        from unnest(cast(:ids as uuid[])) with ordinality as a(id, n)
                        on conflict (board_id, image_id) do nothing""")
                .param("board", boardId).param("ids", ids).update();
        if (board.imageCount() + added > MAX_BOARD_IMAGES) {
            // The exception rolls the insert back: nothing was added.
            throw new ApiProblem(HttpStatus.CONFLICT, "limit-reached",
                    "a board holds at most " + MAX_BOARD_IMAGES + " images; this one has " + board.imageCount());
        }
        if (added > 0) {
            db.sql("update boards set updated_at = now() where id = ?").param(boardId).update();
        }
        return boards.visible(caller, boardId);
    }

    void remove(UUID caller, UUID boardId, UUID imageId) {
        Board board = boards.visible(caller, boardId);
        BoardImage entry = repository.image(boardId, imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        if (board.role() != Board.Role.owner && !entry.addedBy().id().equals(caller)) {
            throw Board.forbidden("you can take off a board only the images you added");
        }
        if (db.sql("delete from board_images where board_id = ? and image_id = ?").params(boardId, imageId).update() == 0) {
            throw ApiProblem.notFound("image");
        }
    }

    /**
     * The named images take, in the order given, the positions they hold now; the others don't move. Naming
     * every image reorders the whole board; naming a few (a dragged image and those it passed) moves just those.
     */
    @Transactional
    void reorder(UUID caller, UUID boardId, List<UUID> imageIds) {
        UUID[] ids = distinct(imageIds, MAX_BOARD_IMAGES);
        if (ids.length != imageIds.size()) {
            throw ApiProblem.badRequest("imageIds: each image once, in the new order");
        }
        boards.lockForChange(caller, boardId).requireContributor("arrange the board");
        int onBoard = db.sql("select count(*) from board_images where board_id = ? and image_id = any(?)")
                .params(boardId, ids).query(Integer.class).single();
        if (onBoard != ids.length) {
            throw ApiProblem.badRequest("every imageId must be an image on this board (reload it: it may have changed)");
        }
        db.sql("""
                        with wanted as (select id, n from unnest(cast(:ids as uuid[])) with ordinality as w(id, n)),
                             slots as (select position, row_number() over (order by position) as n from board_images
                                       where board_id = :board and image_id = any(cast(:ids as uuid[])))
                        update board_images bi set position = s.position
                        from wanted w join slots s on s.n = w.n
                        where bi.board_id = :board and bi.image_id = w.id""")
                .param("board", boardId).param("ids", ids).update();
        db.sql("update boards set updated_at = now() where id = ?").param(boardId).update();
    }

    /** The ids once each, in the order first given; 400 when none or a null, 413 when more than {@code max}. */
    private static UUID[] distinct(List<UUID> imageIds, int max) {
        if (imageIds == null || imageIds.isEmpty() || imageIds.contains(null)) {
            throw ApiProblem.badRequest("imageIds: a list of image ids, at least one");
        }
        if (imageIds.size() > max) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "at most " + max + " imageIds per request");
        }
        return new LinkedHashSet<>(imageIds).toArray(UUID[]::new);
    }
}
