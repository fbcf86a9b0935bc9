package dev.scrapbook.save.importing;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.save.importing.Manifest.BoardMeta;

/**
 * Brings an archive's boards back: the owner's board of the same name, or a new one, gets the archive's images it
 * does not hold yet, appended in the archive's order. Matching by name is what makes a repeated import (after a
 * crash, or of the same archive twice) change nothing: no second board, no image twice. Each board is one
 * transaction under the same locks as the gallery's board writes (gallery's Boards): the owner's row while
 * finding or making the board, so two imports at once can't both make it; the board's row while appending.
 */
@Repository
class ImportedBoards {

    /** As the gallery's Boards.MAX_BOARDS_PER_OWNER, which its own create checks the same way. */
    static final int MAX_BOARDS_PER_OWNER = 1000;
    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2000;

    private final JdbcClient db;

    ImportedBoards(JdbcClient db) {
        this.db = db;
    }

    /** Why the board can't be brought back, or empty once it is. */
    @Transactional
    public Optional<String> restore(UUID owner, BoardMeta board) {
        String name = board.name().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME || name.indexOf('\u0000') >= 0) {
            return Optional.of("a board name must be 1 to " + MAX_NAME + " characters");
        }
        String description = board.description() == null || board.description().isBlank() ? null : board.description().strip();
        if (description != null && (description.codePointCount(0, description.length()) > MAX_DESCRIPTION
                || description.indexOf('\u0000') >= 0)) {
            return Optional.of("a board description must be at most " + MAX_DESCRIPTION + " characters");
        }
        db.sql("select id from users where id = ? for no key update").param(owner).query(UUID.class).single();
        Optional<UUID> existing = db.sql("select id from boards where owner_id = ? and name = ? order by created_at, id limit 1")
                .params(owner, name).query(UUID.class).optional();
        UUID boardId;
        if (existing.isPresent()) {
            boardId = existing.get();
        } else {
            int owned = db.sql("select count(*) from boards where owner_id = ?").param(owner).query(Integer.class).single();
            if (owned >= MAX_BOARDS_PER_OWNER) {
                return Optional.of("you have " + MAX_BOARDS_PER_OWNER + " boards, the most one account can have");
            }
            boardId = db.sql("insert into boards (owner_id, name, description) values (?, ?, ?) returning id")
                    .params(owner, name, description).query(UUID.class).single();
        }
        append(owner, boardId, board.images() == null ? List.of() : board.images());
        return Optional.empty();
    }

    /** The owner's images among {@code sha256s} that are not on the board yet, after its last, in the list's order. */
    private void append(UUID owner, UUID boardId, List<String> sha256s) {
        byte[][] hashes = sha256s.stream().filter(h -> h != null && h.matches("[0-9a-fA-F]{64}"))
                .map(HexFormat.of()::parseHex).toArray(byte[][]::new);
        if (hashes.length == 0) {
            return;
        }
        db.sql("select id from boards where id = ? for no key update").param(boardId).query(UUID.class).single();
        int added = db.sql("""
                        with wanted as (
                            select i.id, min(x.ord) as ord
                            from unnest(cast(:hashes as bytea[])) with ordinality as x(sha, ord)
                            join images i on i.owner_id = :owner and i.sha256 = x.sha
                            where not exists (select 1 from board_images b where b.board_id = :board and b.image_id = i.id)
                            group by i.id)
                        insert into board_images (board_id, image_id, position)
                        select :board, id,
                               (select coalesce(max(position), 0) from board_images where board_id = :board)
                               + row_number() over (order by ord)
                        from wanted""")
                .param("hashes", hashes).param("owner", owner).param("board", boardId).update();
        if (added > 0) {
            db.sql("update boards set updated_at = now() where id = ?").param(boardId).update();
        }
    }
}
