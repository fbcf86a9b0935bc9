package dev.scrapbook.gallery.account;

import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.scrapbook.gallery.account.AttemptLedger.Attempt;
import dev.scrapbook.gallery.account.AttemptLedger.Rule;

/**
 * Failed log-ins allowed within the window: few per account from one client address, more per account from
 * everywhere, and per address across accounts (see {@link LoginThrottleSettings}). The account's own limit is
 * per address so that a stranger's guesses lock out the stranger, not the owner logging in from elsewhere; the
 * higher ceiling per account still bounds guessing spread over many addresses. Each attempt is counted before
 * its password is hashed ({@link AttemptLedger}), so concurrent guesses can't slip past the count.
 */
@Component
class LoginThrottle {

    private final AttemptLedger ledger;
    private final Rule rule;

    LoginThrottle(AttemptLedger ledger, LoginThrottleSettings settings) {
        this.ledger = ledger;
        this.rule = new Rule("login", settings.window(), settings.maxFailuresPerAccountAndAddress(),
                settings.maxFailuresPerAccount(), settings.maxFailuresPerAddress(), "too many failed log-ins");
    }

    /** Counts this attempt as a failure until {@link #succeeded}; throws {@link TooManyAttempts} over a limit. */
    Attempt claim(String username, String clientAddress) {
        return ledger.claim(rule, accountKey(username), clientAddress);
    }

    /**
     * The password was right: this attempt and the failures before it on this account from this address are
     * forgotten (the owner's own typos). Others stay counted: a success must hide neither a stranger's guesses
     * from elsewhere nor this address's failures on other accounts (credential stuffing).
     */
    void succeeded(Attempt attempt) {
        ledger.forget(rule, attempt);
    }

    private static String accountKey(String username) {
        // PostgreSQL text can't hold U+0000; any username with one is refused anyway, so they may share a key.
        return username == null ? "" : username.toLowerCase(Locale.ROOT).replace('\u0000', '\uFFFD');
    }
}
