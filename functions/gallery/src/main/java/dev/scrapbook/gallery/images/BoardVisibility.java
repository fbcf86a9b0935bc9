package dev.scrapbook.gallery.images;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a user may see a board (its owner or one of its members, migration V8), for the search's {@code board=}
 * filter: a board someone else keeps to themselves is as absent as one that does not exist.
 */
@Component
class BoardVisibility {

    private final JdbcClient db;

    BoardVisibility(JdbcClient db) {
        this.db = db;
    }

    boolean canSee(UUID user, UUID board) {
        return db.sql("""
                        select exists (select 1 from boards b where b.id = :board and (b.owner_id = :user
                            or exists (select 1 from board_members m where m.board_id = b.id and m.user_id = :user)))""")
                .param("board", board).param("user", user).query(Boolean.class).single();
    }
}
