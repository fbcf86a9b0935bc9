package dev.scrapbook.gallery.boards;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.boards.Board.Person;
import dev.scrapbook.boards.BoardCursor;
import dev.scrapbook.boards.BoardImage;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.images.ImageView;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/**
 * {@code /api/boards/{id}/images} and {@code /order}. Members see every image on the board with presigned URLs,
 * whoever owns it: this is the one way another person's image on a board reaches them.
 */
@RestController
@RequestMapping("/api/boards/{id}")
class BoardImagesController {

    private final Boards boards;
    private final BoardImages boardImages;
    private final BoardRepository repository;
    private final ObjectStore store;
    private final StorageSettings buckets;

    BoardImagesController(Boards boards, BoardImages boardImages, BoardRepository repository, ObjectStore store,
            StorageSettings buckets) {
        this.boards = boards;
        this.boardImages = boardImages;
        this.repository = repository;
        this.store = store;
        this.buckets = buckets;
    }

    record ImageIds(List<UUID> imageIds) {
    }

    record BoardImageView(ImageView image, Person addedBy, Instant addedAt) {
    }

    record BoardImagePage(List<BoardImageView> items, String nextCursor) {
    }

    @GetMapping("/images")
    BoardImagePage list(Caller caller, @PathVariable String id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        UUID boardId = boards.visible(caller.userId(), BoardsController.board(id)).id();
        BoardRepository.Page images = repository.images(boardId, BoardCursor.of(cursor, limit));
        return new BoardImagePage(images.items().stream().map(this::view).toList(), images.nextCursor());
    }

    /** 200 with the board as it now is (count, cover); adding an image that is there already changes nothing. */
    @PostMapping("/images")
    BoardView add(Caller caller, @PathVariable String id, @RequestBody ImageIds body) {
        return BoardView.of(boardImages.add(caller.userId(), BoardsController.board(id), body.imageIds()), store, buckets);
    }

    @DeleteMapping("/images/{imageId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable String id, @PathVariable String imageId) {
        UUID image = Ids.parse(imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        boardImages.remove(caller.userId(), BoardsController.board(id), image);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/order")
    ResponseEntity<Void> reorder(Caller caller, @PathVariable String id, @RequestBody ImageIds body) {
        boardImages.reorder(caller.userId(), BoardsController.board(id), body.imageIds());
        return ResponseEntity.noContent().build();
    }

    private BoardImageView view(BoardImage entry) {
        return new BoardImageView(ImageView.of(entry.image(), store, buckets), entry.addedBy(), entry.addedAt());
    }
}
