package dev.scrapbook.save.fetch;

/** A hop the guard will not let through; becomes {@link FetchRefused}. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    Refusal(String reason) {
        super(reason, null, false, false);
    }
}
