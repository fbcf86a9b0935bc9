package dev.scrapbook.share.friends;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.web.ApiProblem;

/**
 * Friend requests and friendships. A request keeps the name asked for and goes to the account that had it when it
 * was sent (V7), or to nobody: asking for a name that does not exist takes the same one statement and gets the same
 * answer as one that does, and a later sign-up under that name finds nothing meant for someone else.
 */
@Service
public class Friends {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    /** Requests to names nobody has answered pile up; a cap keeps one account from filling the table. */
    static final int MAX_OUTGOING = 200;

    private final JdbcClient db;

    Friends(JdbcClient db) {
        this.db = db;
    }

    public record Person(UUID id, String username) {
    }

    public record Friend(UUID id, String username, Instant since) {
    }

    public record Incoming(UUID id, Person from, Instant createdAt) {
    }

    public record Outgoing(UUID id, String username, Instant createdAt) {
    }

    public record Overview(List<Friend> friends, List<Incoming> incoming, List<Outgoing> outgoing) {
    }

    public Overview overview(UUID me) {
        List<Friend> friends = db.sql("""
                        select u.id, u.username, f.since from friendships f join users u on u.id = f.friend_id
                        where f.user_id = ? order by lower(u.username)""")
                .param(me)
                .query((rs, n) -> new Friend(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getTimestamp("since").toInstant()))
                .list();
        List<Incoming> incoming = db.sql("""
                        select r.id, u.id as from_id, u.username, r.created_at
                        from friend_requests r join users u on u.id = r.requester_id
                        where r.addressee_id = ? order by r.created_at desc""")
                .param(me)
                .query((rs, n) -> new Incoming(rs.getObject("id", UUID.class),
                        new Person(rs.getObject("from_id", UUID.class), rs.getString("username")),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        List<Outgoing> outgoing = db.sql("""
                        select id, addressee_name, created_at from friend_requests
                        where requester_id = ? order by created_at desc""")
                .param(me)
                .query((rs, n) -> new Outgoing(rs.getObject("id", UUID.class), rs.getString("addressee_name"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        return new Overview(friends, incoming, outgoing);
    }

    /**
     * Records a request to {@code username}, or accepts theirs when they already asked: both want it. The
     * answer is the same whether or not the name exists, is already a friend, or was asked before.
     */
    @Transactional
    public void request(UUID me, String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiProblem.badRequest("username: 3 to 32 letters, digits, '.', '_' or '-'");
        }
        if (username.equalsIgnoreCase(usernameOf(me))) {
            throw ApiProblem.badRequest("you can't send a friend request to yourself");
        }
        Optional<UUID> theirs = db.sql("""
                        select r.id from friend_requests r join users u on u.id = r.requester_id
                        where r.addressee_id = ? and lower(u.username) = lower(?)""")
                .params(me, username).query(UUID.class).optional();
        if (theirs.isPresent()) {
            accept(me, theirs.get());
            return;
        }
        int outgoing = db.sql("select count(*) from friend_requests where requester_id = ?").param(me)
                .query(Integer.class).single();
        if (outgoing >= MAX_OUTGOING) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                    "you have " + MAX_OUTGOING + " friend requests waiting for an answer; cancel some first");
        }
        // Addressed to whoever has the name now, or to nobody (null): the same one statement either way. Asking
        // again once a free name has been taken addresses the request to its new holder, on the sender's word.
        db.sql("""
                        insert into friend_requests (requester_id, addressee_name, addressee_id)
                        select :me, :name, (select id from users where lower(username) = lower(:name))
                        where not exists (
                            select 1 from friendships f join users u on u.id = f.friend_id
                            where f.user_id = :me and lower(u.username) = lower(:name))
                        on conflict (requester_id, lower(addressee_name))
                        do update set addressee_id = excluded.addressee_id""")
                .param("me", me).param("name", username).update();
    }

    /** Accepts a request addressed to me: the friendship in both directions, and no request left either way. */
    @Transactional
    public Friend accept(UUID me, UUID requestId) {
        UUID them = db.sql("""
                        select requester_id from friend_requests where addressee_id = ? and id = ?""")
                .params(me, requestId).query(UUID.class).optional()
                .orElseThrow(() -> ApiProblem.notFound("friend request"));
        db.sql("""
                        insert into friendships (user_id, friend_id) values (?, ?), (?, ?)
                        on conflict do nothing""")
                .params(me, them, them, me).update();
        db.sql("""
                        delete from friend_requests r using users a, users b
                        where a.id = ? and b.id = ?
                          and ((r.requester_id = a.id and lower(r.addressee_name) = lower(b.username))
                            or (r.requester_id = b.id and lower(r.addressee_name) = lower(a.username)))""")
                .params(me, them).update();
        return db.sql("""
                        select u.id, u.username, f.since from friendships f join users u on u.id = f.friend_id
                        where f.user_id = ? and f.friend_id = ?""")
                .params(me, them)
                .query((rs, n) -> new Friend(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getTimestamp("since").toInstant()))
                .single();
    }

    /** Declines a request to me or withdraws one of mine: either way it is gone. */
    public void dismiss(UUID me, UUID requestId) {
        int removed = db.sql("""
                        delete from friend_requests where id = ? and (requester_id = ? or addressee_id = ?)""")
                .params(requestId, me, me).update();
        if (removed == 0) {
            throw ApiProblem.notFound("friend request");
        }
    }

    /**
     * Ends a friendship, and with it every share between the two and their memberships of each other's boards,
     * in one transaction. Ending a membership takes that member's images off the board (V8's trigger).
     */
    @Transactional
    public void remove(UUID me, UUID friend) {
        int removed = db.sql("delete from friendships where (user_id = ? and friend_id = ?) or (user_id = ? and friend_id = ?)")
                .params(me, friend, friend, me).update();
        if (removed == 0) {
            throw ApiProblem.notFound("friend");
        }
        db.sql("""
                        delete from image_shares s using images i
                        where s.image_id = i.id
                          and ((i.owner_id = ? and s.recipient_id = ?) or (i.owner_id = ? and s.recipient_id = ?))""")
                .params(me, friend, friend, me).update();
        db.sql("""
                        delete from board_members m using boards b
                        where m.board_id = b.id
                          and ((b.owner_id = ? and m.user_id = ?) or (b.owner_id = ? and m.user_id = ?))""")
                .params(me, friend, friend, me).update();
    }

    public boolean areFriends(UUID me, UUID other) {
        return db.sql("select exists (select 1 from friendships where user_id = ? and friend_id = ?)")
                .params(me, other).query(Boolean.class).single();
    }

    private String usernameOf(UUID me) {
        return db.sql("select username from users where id = ?").param(me).query(String.class).single();
    }
}
