package dev.scrapbook.gallery.account;

import org.springframework.stereotype.Component;

import dev.scrapbook.gallery.account.AttemptLedger.Rule;

/**
 * Sign-ups allowed per client address within the window (see {@link SignUpThrottleSettings}): each costs an
 * Argon2 hash and a row, so without a limit one client made 20 accounts in 1.8 s. Counted before the hash, in
 * PostgreSQL ({@link AttemptLedger}), whether the name turns out free or taken.
 */
@Component
class SignUpThrottle {

    private final AttemptLedger ledger;
    private final Rule rule;

    SignUpThrottle(AttemptLedger ledger, SignUpThrottleSettings settings) {
        this.ledger = ledger;
        this.rule = new Rule("signup", settings.window(), null, null, settings.maxPerAddress(),
                "too many sign-ups from this address");
    }

    /** Throws {@link TooManyAttempts} when this address has signed up too often. */
    void claim(String clientAddress) {
        ledger.claim(rule, "", clientAddress);
    }
}
