package dev.scrapbook.gallery.boards;

import java.time.Instant;
import java.util.UUID;

import dev.scrapbook.boards.Board;
import dev.scrapbook.boards.Board.Person;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageView;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;

/**
 * A board as the API shows it (docs/openapi.yaml, schema Board): the caller's role, and the cover's grid
 * thumbnail as a presigned URL (null while the board is empty or its cover is not ready).
 */
record BoardView(
        UUID id,
        String name,
        String description,
        Person owner,
        Board.Role role,
        int imageCount,
        UUID coverImageId,
        String coverUrl,
        Instant createdAt,
        Instant updatedAt) {

    static BoardView of(Board board, ObjectStore store, StorageSettings buckets) {
        Image cover = board.cover();
        String coverUrl = cover == null ? null : ImageView.of(cover, store, buckets).thumbnailUrl();
        return new BoardView(board.id(), board.name(), board.description(), board.owner(), board.role(),
                board.imageCount(), cover == null ? null : cover.id(), coverUrl, board.createdAt(), board.updatedAt());
    }
}
