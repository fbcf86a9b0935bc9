package dev.scrapbook.thumbnail;

/** What handling one image-saved event did; every kind is answered 2xx, so none is retried. */
public record Outcome(Kind outcome, String detail) {

    public enum Kind {
        /** Thumbnail and preview stored, row ready. */
        made,
        /** Nothing to do: already handled, being handled by another delivery, or deleted. */
        skipped,
        /** The image can't be made (undecodable, or its original is gone); its row is marked failed with the reason. */
        rejected
    }

    static Outcome made(String detail) {
        return new Outcome(Kind.made, detail);
    }

    static Outcome skipped(String detail) {
        return new Outcome(Kind.skipped, detail);
    }

    static Outcome rejected(String detail) {
        return new Outcome(Kind.rejected, detail);
    }
}
