package dev.scrapbook.save.fetch;

/**
 * A hop the guard will not let through; becomes {@link FetchRefused}. The reason is what the caller hears; the
 * detail, for the log only, may say more (what a name resolves to is the network's business, not the caller's).
 */
final class Refusal extends Exception {

    /** One answer for every host that does not lead to public addresses, so none tells what a name resolves to. */
    static final String NOT_PUBLIC = "only URLs whose host resolves to public addresses may be fetched";

    private static final long serialVersionUID = 1L;
    private final String detail;

    /** A refusal that only repeats what the caller sent (a scheme, credentials, a numeric host). */
    Refusal(String reason) {
        this(reason, reason);
    }

    private Refusal(String reason, String detail) {
        super(reason, null, false, false);
        this.detail = detail;
    }

    /** The host leads somewhere that is not public, or nowhere: the caller hears {@link #NOT_PUBLIC}. */
    static Refusal notPublic(String detail) {
        return new Refusal(NOT_PUBLIC, detail);
    }

    String detail() {
        return detail;
    }
}
