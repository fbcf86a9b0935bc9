package dev.scrapbook.gallery.boards;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/** {@code /api/boards}: the caller's boards and those shared with them. */
@RestController
@RequestMapping("/api/boards")
class BoardsController {

    private final Boards boards;
    private final ObjectStore store;
    private final StorageSettings buckets;

    BoardsController(Boards boards, ObjectStore store, StorageSettings buckets) {
        this.boards = boards;
        this.store = store;
        this.buckets = buckets;
    }

    record NewBoard(String name, String description) {
    }

    record BoardList(List<BoardView> items) {
    }

    @PostMapping
    ResponseEntity<BoardView> create(Caller caller, @RequestBody NewBoard body) {
        BoardView board = BoardView.of(boards.create(caller.userId(), body.name(), body.description()), store, buckets);
        return ResponseEntity.created(URI.create("/api/boards/" + board.id())).body(board);
    }

    /** With {@code imageId}: the boards that image is on (the page ticks them in its "add to board" list). */
    @GetMapping
    BoardList list(Caller caller, @RequestParam(required = false) String imageId) {
        UUID image = imageId == null ? null
                : Ids.parse(imageId).orElseThrow(() -> ApiProblem.badRequest("imageId must be an image id"));
        return new BoardList(boards.visibleTo(caller.userId(), image).stream().map(b -> BoardView.of(b, store, buckets)).toList());
    }

    @GetMapping("/{id}")
    BoardView get(Caller caller, @PathVariable String id) {
        return BoardView.of(boards.visible(caller.userId(), board(id)), store, buckets);
    }

    /** A merge patch: fields left out stay; {@code description} or {@code coverImageId} null clears them. */
    @PatchMapping("/{id}")
    BoardView change(Caller caller, @PathVariable String id, @RequestBody JsonNode body) {
        UUID boardId = board(id);
        if (!body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object: {name?, description?, coverImageId?}");
        }
        Boards.Changes changes = new Boards.Changes(
                body.has("name") ? text(body, "name") : null,
                body.has("description"), text(body, "description"),
                body.has("coverImageId"), coverId(body));
        if (body.has("name") && changes.name() == null) {
            throw ApiProblem.badRequest("name can't be null; leave it out to keep it");
        }
        return BoardView.of(boards.change(caller.userId(), boardId, changes), store, buckets);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        boards.delete(caller.userId(), board(id));
        return ResponseEntity.noContent().build();
    }

    static UUID board(String id) {
        return Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("board"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest(field + " must be a string");
        }
        return value.asText();
    }

    private static UUID coverId(JsonNode body) {
        String id = text(body, "coverImageId");
        return id == null ? null : Ids.parse(id).orElseThrow(() -> ApiProblem.badRequest("coverImageId must be an image on this board"));
    }
}
