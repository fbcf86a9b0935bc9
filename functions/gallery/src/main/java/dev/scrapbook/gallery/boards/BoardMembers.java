package dev.scrapbook.gallery.boards;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.Board.Person;
import dev.scrapbook.web.ApiProblem;

/**
 * Friends a board is shared with. Only the owner adds members, changes their role or removes them; a member
 * may leave. However a membership ends, the member's images leave the board with it (V8's trigger), and
 * unfriending ends it too (the share function's Friends.remove).
 */
@Service
class BoardMembers {

    record Member(UUID id, String username, Board.Role role, Instant addedAt) {
    }

    record Members(Person owner, List<Member> members) {
    }

    private final JdbcClient db;
    private final Boards boards;

    BoardMembers(JdbcClient db, Boards boards) {
        this.db = db;
        this.boards = boards;
    }

    Members list(UUID caller, UUID boardId) {
        Board board = boards.visible(caller, boardId);
        List<Member> members = db.sql("""
                        select u.id, u.username, m.role, m.added_at from board_members m join users u on u.id = m.user_id
                        where m.board_id = ? order by m.added_at, lower(u.username)""")
                .param(boardId)
                .query((rs, n) -> new Member(rs.getObject("id", UUID.class), rs.getString("username"),
                        Board.Role.valueOf(rs.getString("role")), rs.getTimestamp("added_at").toInstant()))
                .list();
        return new Members(board.owner(), members);
    }

    /** Adds a friend, or changes a member's role; anyone not a friend is refused and nothing changes. */
    @Transactional
    Members put(UUID caller, UUID boardId, UUID userId, String role) {
        boards.visible(caller, boardId).requireOwner("share it");
        if (userId == null || !("viewer".equals(role) || "contributor".equals(role))) {
            throw ApiProblem.badRequest("userId of a friend, and role: viewer or contributor");
        }
        // FOR SHARE holds the friendship until this commits: an unfriending at the same moment either ends
        // first (no row here, refused) or waits and then ends this membership too.
        boolean friends = db.sql("select 1 from friendships where user_id = ? and friend_id = ? for share")
                .params(caller, userId).query(Integer.class).optional().isPresent();
        if (!friends) {
            throw ApiProblem.badRequest("you can share a board only with your friends");
        }
        db.sql("""
                        insert into board_members (board_id, user_id, role) values (?, ?, ?)
                        on conflict (board_id, user_id) do update set role = excluded.role""")
                .params(boardId, userId, role).update();
        return list(caller, boardId);
    }

    /** The owner removes a member; a member removes themselves (leaves). */
    void remove(UUID caller, UUID boardId, UUID userId) {
        Board board = boards.visible(caller, boardId);
        if (board.role() != Board.Role.owner && !userId.equals(caller)) {
            throw Board.forbidden("only the board's owner can remove other members; you can leave it");
        }
        if (db.sql("delete from board_members where board_id = ? and user_id = ?").params(boardId, userId).update() == 0) {
            throw ApiProblem.notFound("member");
        }
    }
}
