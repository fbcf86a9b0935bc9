package dev.scrapbook.share.shares;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.images.PageCursor;
import dev.scrapbook.images.SearchTerms;
import dev.scrapbook.share.friends.Friends.Person;
import dev.scrapbook.web.ApiProblem;

/**
 * Images shared with friends. Owners share and take back; recipients list, open, hide. Every read is
 * scoped to the caller's side of the share, so an image not shared with you is as absent as one that
 * does not exist.
 */
@Service
public class Shares {

    static final int MAX_RECIPIENTS = 100;

    private final JdbcClient db;
    private final ImageRepository images;

    Shares(JdbcClient db, ImageRepository images) {
        this.db = db;
        this.images = images;
    }

    public record Recipient(UUID id, String username, Instant sharedAt) {
    }

    /** An image shared with the caller: the image, who shared it, when. */
    public record Received(Image image, Person sharedBy, Instant sharedAt) {
    }

    /** Shares an owned image with friends (again is fine); anyone not a friend refuses the whole request. */
    @Transactional
    public List<Recipient> share(UUID owner, UUID imageId, List<UUID> friendIds) {
        requireOwned(owner, imageId);
        if (friendIds == null || friendIds.isEmpty() || friendIds.size() > MAX_RECIPIENTS) {
            throw ApiProblem.badRequest("friendIds: 1 to " + MAX_RECIPIENTS + " of your friends");
        }
        UUID[] wanted = friendIds.stream().distinct().toArray(UUID[]::new);
        int friends = db.sql("select count(*) from friendships where user_id = ? and friend_id = any(?)")
                .params(owner, wanted).query(Integer.class).single();
        if (friends != wanted.length) {
            throw ApiProblem.badRequest("you can share only with your friends");
        }
        db.sql("""
                        insert into image_shares (image_id, recipient_id)
                        select ?, unnest(?::uuid[]) on conflict do nothing""")
                .params(imageId, wanted).update();
        return recipients(owner, imageId);
    }

    public List<Recipient> recipients(UUID owner, UUID imageId) {
        requireOwned(owner, imageId);
        return db.sql("""
                        select u.id, u.username, s.shared_at from image_shares s join users u on u.id = s.recipient_id
                        where s.image_id = ? order by s.shared_at, lower(u.username)""")
                .param(imageId)
                .query((rs, n) -> new Recipient(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getTimestamp("shared_at").toInstant()))
                .list();
    }

    public void unshare(UUID owner, UUID imageId, UUID recipientId) {
        requireOwned(owner, imageId);
        if (db.sql("delete from image_shares where image_id = ? and recipient_id = ?")
                .params(imageId, recipientId).update() == 0) {
            throw ApiProblem.notFound("share");
        }
    }

    /**
     * Newest shares first, hidden ones left out, only those {@code terms} find (in what a friend may search by:
     * not the owner's note); {@code after} is the last of the previous page. A recipient's shares are few next to
     * a gallery, so they are read by image_shares_recipient_idx and each checked against the terms.
     */
    @Transactional(readOnly = true)
    public List<Received> received(UUID me, SearchTerms terms, PageCursor after, int limit) {
        SearchTerms.planForTheseTerms(db);
        String keyset = after == null ? "" : " and (s.shared_at, s.image_id) < (:at, :after)";
        String search = terms.isEmpty() ? "" : " and " + terms.condition("i.search", SearchTerms.SHARED_WEIGHTS);
        JdbcClient.StatementSpec query = db.sql(RECEIVED + " where s.recipient_id = :me and not s.hidden" + search + keyset
                        + " order by s.shared_at desc, s.image_id desc limit :limit")
                .param("me", me).param("limit", limit).params(terms.parameters());
        if (after != null) {
            query = query.param("at", after.at().atOffset(ZoneOffset.UTC)).param("after", after.id());
        }
        return withImages(query.query(ENTRY).list());
    }

    /** One image shared with me, hidden or not: hiding only takes it out of the list. */
    public Received receivedOne(UUID me, UUID imageId) {
        List<Entry> entries = db.sql(RECEIVED + " where s.recipient_id = :me and s.image_id = :image")
                .param("me", me).param("image", imageId).query(ENTRY).list();
        return withImages(entries).stream().findFirst().orElseThrow(() -> ApiProblem.notFound("image"));
    }

    public void hide(UUID me, UUID imageId) {
        if (db.sql("update image_shares set hidden = true where recipient_id = ? and image_id = ?")
                .params(me, imageId).update() == 0) {
            throw ApiProblem.notFound("image");
        }
    }

    private record Entry(UUID imageId, Instant sharedAt, Person owner) {
    }

    private static final String RECEIVED = """
            select s.image_id, s.shared_at, u.id as owner_id, u.username
            from image_shares s join images i on i.id = s.image_id join users u on u.id = i.owner_id""";

    private static final RowMapper<Entry> ENTRY = (rs, n) -> new Entry(rs.getObject("image_id", UUID.class),
            rs.getObject("shared_at", Timestamp.class).toInstant(),
            new Person(rs.getObject("owner_id", UUID.class), rs.getString("username")));

    private List<Received> withImages(List<Entry> entries) {
        Map<UUID, Image> byId = images.findAll(entries.stream().map(Entry::imageId).toList()).stream()
                .collect(Collectors.toMap(Image::id, Function.identity()));
        // An image deleted between the two reads simply drops out of the page.
        return entries.stream().filter(e -> byId.containsKey(e.imageId()))
                .map(e -> new Received(byId.get(e.imageId()), e.owner(), e.sharedAt())).toList();
    }

    private Image requireOwned(UUID owner, UUID imageId) {
        Optional<Image> image = images.find(owner, imageId);
        return image.orElseThrow(() -> ApiProblem.notFound("image"));
    }
}
