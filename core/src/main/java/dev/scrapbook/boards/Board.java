package dev.scrapbook.boards;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.scrapbook.images.Image;
import dev.scrapbook.web.ApiProblem;

/**
 * A board as one person sees it. {@code role} is theirs (null when it is opened through a public link);
 * {@code cover} is the chosen cover ({@code chosenCoverId}) or else the first image in board order, null
 * for an empty board.
 */
public record Board(
        UUID id,
        Person owner,
        String name,
        String description,
        Role role,
        int imageCount,
        UUID chosenCoverId,
        Image cover,
        Instant createdAt,
        Instant updatedAt) {

    public enum Role {
        owner, contributor, viewer
    }

    public record Person(UUID id, String username) {
    }

    /**
     * Refuses what only the owner may do. A member can see the board, so hiding it behind a 404 would
     * only confuse; someone who can't see it never gets this far (they get the board's 404).
     */
    public Board requireOwner(String action) {
        if (role != Role.owner) {
            throw forbidden("only the board's owner can " + action);
        }
        return this;
    }

    /** The owner and contributors add images and arrange the board; viewers look. */
    public Board requireContributor(String action) {
        if (role != Role.owner && role != Role.contributor) {
            throw forbidden("viewers can't " + action + "; ask the board's owner to make you a contributor");
        }
        return this;
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", detail);
    }
}
