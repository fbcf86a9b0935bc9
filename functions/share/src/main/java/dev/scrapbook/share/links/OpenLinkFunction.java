package dev.scrapbook.share.links;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.auth.ApiTokens;
import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.share.links.ShareLinks.Link;

/**
 * The share function ({@code openLink} in the function catalog): what a public link's token opens.
 * A token that can't be one of ours is unknown without a database lookup.
 */
@Component("openLink")
public class OpenLinkFunction implements Function<String, OpenLinkFunction.Opened> {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * Nothing (unknown, revoked, or its image or board deleted: indistinguishable), an expired link, the image,
     * or the board.
     */
    public sealed interface Opened {
        record Unknown() implements Opened {
        }

        record Expired() implements Opened {
        }

        record Found(Link link, Image image) implements Opened {
        }

        record FoundBoard(Link link, Board board) implements Opened {
        }
    }

    private final JdbcClient db;
    private final ImageRepository images;
    private final BoardRepository boards;
    private final Clock clock;

    OpenLinkFunction(JdbcClient db, ImageRepository images, BoardRepository boards, Clock clock) {
        this.db = db;
        this.images = images;
        this.boards = boards;
        this.clock = clock;
    }

    @Override
    public Opened apply(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return new Opened.Unknown();
        }
        // A link of an account being deleted is gone from the moment the deletion is recorded (V10), also while its
        // rows wait for the reconcile pass (a deletion cut short by an outage answers 202).
        Optional<Link> link = db.sql("select " + ShareLinks.COLUMNS + " from share_links l " + """
                where l.token_hash = ?
                  and not exists (select 1 from account_deletions d
                                  where d.user_id in (select owner_id from images where id = l.image_id
                                                      union all select owner_id from boards where id = l.board_id))""")
                .param(ApiTokens.hash(token)).query(ShareLinks.LINK).optional();
        if (link.isEmpty()) {
            return new Opened.Unknown();
        }
        if (link.get().expiresAt() != null && !link.get().expiresAt().isAfter(clock.instant())) {
            return new Opened.Expired();
        }
        if (link.get().boardId() != null) {
            return boards.findForLink(link.get().boardId())
                    .<Opened>map(board -> new Opened.FoundBoard(link.get(), board))
                    .orElseGet(Opened.Unknown::new);
        }
        return images.findById(link.get().imageId())
                .<Opened>map(image -> new Opened.Found(link.get(), image))
                .orElseGet(Opened.Unknown::new);
    }
}
