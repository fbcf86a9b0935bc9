package dev.scrapbook.thumbnail;

/** What handling one event did; every kind is answered 2xx, so none is retried. */
public record Outcome(Kind outcome, String detail) {

    public enum Kind {
        /** Thumbnail and preview stored, row ready. */
        made,
        /** Nothing to do: already handled, deleted, or not an event for us. */
        skipped,
        /** The image can't be decoded; its row is marked failed with the reason. */
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
