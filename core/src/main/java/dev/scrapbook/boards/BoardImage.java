package dev.scrapbook.boards;

import java.time.Instant;

import dev.scrapbook.images.Image;

/** An image on a board, at its place in board order; whoever owns the image added it. */
public record BoardImage(Image image, Board.Person addedBy, Instant addedAt, long position) {
}
