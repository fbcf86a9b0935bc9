package dev.scrapbook.share.links;

import static dev.scrapbook.share.links.LinkHtml.escape;
import static dev.scrapbook.share.links.LinkHtml.meta;

import org.springframework.stereotype.Component;

import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.BoardCursor;
import dev.scrapbook.boards.BoardImage;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.images.Image;
import dev.scrapbook.share.links.OpenLinkFunction.Opened;
import dev.scrapbook.web.ApiProblem;

/**
 * The public page of a board link: its name and description, and its pictures in board order, a page at a
 * time (a "More pictures" link, no script). Every picture is served under the link's own URL, so it works as
 * long as the link does and no longer; the OpenGraph card shows the board's cover. Who owns or added each
 * picture is not shown: the link shares the pictures, not the people.
 */
@Component
class BoardLinkPage {

    static final int PICTURES_PER_PAGE = 60;

    private final BoardRepository boards;

    BoardLinkPage(BoardRepository boards) {
        this.boards = boards;
    }

    String render(Opened.FoundBoard found, String token, String base, String after) {
        Board board = found.board();
        String link = "/s/" + token;
        String pageUrl = base + link;
        String summary = board.description() != null ? board.description()
                : board.imageCount() == 1 ? "1 picture" : board.imageCount() + " pictures";
        StringBuilder head = new StringBuilder()
                .append(meta("property", "og:type", "website"))
                .append(meta("property", "og:site_name", "Image Scrapbook"))
                .append(meta("property", "og:title", board.name()))
                .append(meta("property", "og:description", summary))
                .append(meta("property", "og:url", pageUrl))
                .append(meta("name", "twitter:title", board.name()));
        Image cover = board.cover();
        head.append(cover != null && cover.status() == Image.Status.ready
                ? LinkHtml.card(pageUrl + "/preview", cover, LinkHtml.altOf(cover, board.name()))
                : meta("name", "twitter:card", "summary"));

        StringBuilder body = new StringBuilder("<header class=\"board\"><h1>").append(escape(board.name())).append("</h1>");
        if (board.description() != null) {
            body.append("<p>").append(escape(board.description())).append("</p>");
        }
        body.append("<p class=\"muted\">").append(board.imageCount() == 1 ? "1 picture" : board.imageCount() + " pictures")
                .append("</p></header><ul class=\"grid\" data-testid=\"grid\">");
        BoardRepository.Page page = boards.images(board.id(), cursor(after));
        for (BoardImage entry : page.items()) {
            body.append(tile(entry.image(), link));
        }
        body.append("</ul>");
        if (page.nextCursor() != null) {
            body.append("<p><a class=\"button\" data-testid=\"more\" href=\"")
                    .append(escape(link + "?after=" + page.nextCursor())).append("\">More pictures</a></p>");
        }
        body.append(LinkHtml.until(found.link().expiresAt()));
        return LinkHtml.document(board.name(), head.toString(), body.toString());
    }

    private static String tile(Image image, String link) {
        String alt = LinkHtml.altOf(image, image.pageTitle() != null ? image.pageTitle().strip() : "");
        if (image.status() != Image.Status.ready) {
            return "<li class=\"placeholder\">" + (image.status() == Image.Status.pending ? "Being prepared" : "Can't be shown")
                    + "</li>";
        }
        String picture = link + "/images/" + image.id();
        return "<li><a href=\"" + escape(picture + "/preview") + "\"><img src=\"" + escape(picture) + "\" width=\""
                + image.thumbnail().width() + "\" height=\"" + image.thumbnail().height() + "\" alt=\"" + escape(alt)
                + "\" loading=\"lazy\"></a></li>";
    }

    /** A cursor this page did not hand out starts from the first picture: a visitor's typo is not an error. */
    private static BoardCursor cursor(String after) {
        try {
            return BoardCursor.of(after, PICTURES_PER_PAGE);
        } catch (ApiProblem problem) {
            return BoardCursor.of(null, PICTURES_PER_PAGE);
        }
    }
}
