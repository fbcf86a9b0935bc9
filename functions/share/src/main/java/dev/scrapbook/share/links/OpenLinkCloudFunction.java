package dev.scrapbook.share.links;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.BoardCursor;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.gcf.GcfTraceContext;
import dev.scrapbook.images.Image;
import dev.scrapbook.share.links.OpenLinkFunction.Opened;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.web.ApiProblem;

/**
 * {@link OpenLinkFunction} as Google Cloud Functions calls it through Spring Cloud Function's GCP adapter
 * ({@code openLinkCloudFunction}). The adapter passes no path, so the token comes as a JSON body
 * {@code {"token": "..."}}; the answer is what the link's page shows, with presigned URLs instead of the page's
 * streamed preview (no web server runs there). Unknown and revoked are the same 404, expired a 410.
 */
@Component("openLinkCloudFunction")
class OpenLinkCloudFunction implements Function<Message<?>, Message<Object>> {

    private static final Duration PREVIEW_URL_VALIDITY = Duration.ofHours(1);
    private static final Duration ORIGINAL_URL_VALIDITY = Duration.ofMinutes(15);

    record LinkRequest(String token) {
    }

    /** What anyone holding the link may see, as on its page. */
    record SharedPicture(String status, String pageTitle, String pageUrl, String alt, String previewUrl,
            String originalUrl, Instant expiresAt) {
    }

    /** A board link: its name, its cover, and its first pictures in board order, as on its page. */
    record SharedBoard(String name, String description, int imageCount, String coverUrl, List<SharedPicture> pictures,
            Instant expiresAt) {
    }

    private final OpenLinkFunction openLink;
    private final BoardRepository boards;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final GcfTraceContext traces;
    private final ObjectMapper json;

    OpenLinkCloudFunction(OpenLinkFunction openLink, BoardRepository boards, ObjectStore store, StorageSettings buckets,
            GcfTraceContext traces, ObjectMapper json) {
        this.openLink = openLink;
        this.boards = boards;
        this.store = store;
        this.buckets = buckets;
        this.traces = traces;
        this.json = json;
    }

    @Override
    public Message<Object> apply(Message<?> request) {
        return traces.within(request, "open link", () -> handle(request));
    }

    private Message<Object> handle(Message<?> request) {
        try {
            return switch (openLink.apply(token(GcfMessages.body(request)))) {
                case Opened.Unknown unknown -> throw ApiProblem.notFound("link");
                case Opened.Expired expired -> throw new ApiProblem(HttpStatus.GONE, "expired", "this link has expired");
                case Opened.Found found -> GcfMessages.answer(200, picture(found.image(), found.link().includeOriginal(),
                        found.link().expiresAt()));
                case Opened.FoundBoard found -> GcfMessages.answer(200, board(found));
            };
        } catch (ApiProblem problem) {
            return GcfMessages.problem(problem, json);
        }
    }

    private SharedPicture picture(Image image, boolean includeOriginal, Instant expiresAt) {
        boolean ready = image.status() == Image.Status.ready;
        String preview = ready ? store.presignedGet(buckets.thumbnailsBucket(),
                StorageKeys.preview(image.ownerId(), image.id(), image.preview().format()), PREVIEW_URL_VALIDITY) : null;
        String original = includeOriginal ? store.presignedGet(buckets.originalsBucket(),
                StorageKeys.original(image.ownerId(), image.id()), ORIGINAL_URL_VALIDITY) : null;
        return new SharedPicture(image.status().name(), image.pageTitle(), image.pageUrl(), image.alt(), preview, original,
                expiresAt);
    }

    private SharedBoard board(Opened.FoundBoard found) {
        Board board = found.board();
        Instant expiresAt = found.link().expiresAt();
        List<SharedPicture> pictures = boards.images(board.id(), BoardCursor.of(null, BoardLinkPage.PICTURES_PER_PAGE))
                .items().stream().map(entry -> picture(entry.image(), false, expiresAt)).toList();
        String cover = board.cover() == null ? null : picture(board.cover(), false, expiresAt).previewUrl();
        return new SharedBoard(board.name(), board.description(), board.imageCount(), cover, pictures, expiresAt);
    }

    private String token(byte[] body) {
        try {
            LinkRequest request = json.readValue(body, LinkRequest.class);
            if (request == null || request.token() == null) {
                throw ApiProblem.badRequest("the body must be JSON: {\"token\": \"...\"}");
            }
            return request.token();
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body must be JSON: {\"token\": \"...\"}");
        }
    }
}
