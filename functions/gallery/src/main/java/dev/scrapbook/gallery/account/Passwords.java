package dev.scrapbook.gallery.account;

import java.util.Optional;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.scrapbook.web.ApiProblem;

/** Passwords: the rule every new one meets (sign-up and a change alike), Argon2id hashes, and checking one. */
final class Passwords {

    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;

    private static final PasswordEncoder ENCODER = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /**
     * Compared against when there is no hash to check (an unknown username), so that a miss costs as long as a
     * wrong password. A constant (the hash of a random, forgotten password, same Argon2 parameters) rather than one
     * computed at start-up: hashing costs tens of milliseconds, and every instance cold-starts.
     */
    private static final String DECOY_HASH =
            "$argon2id$v=19$m=16384,t=2,p=1$nACk8gj1bWBxwJFNMKT0fw$Df/0rVT5VpgMavxcbyI/SC7lR0DQ8/u2BMEEFanQswI";

    private Passwords() {
    }

    /** 400 unless the password may be set: checked before anything is counted or written. */
    static void requireAcceptable(String password, String field) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw ApiProblem.badRequest("%s: %d to %d characters".formatted(field, MIN_LENGTH, MAX_LENGTH));
        }
    }

    static String hash(String password) {
        return ENCODER.encode(password);
    }

    /** Hashes even when there is nothing to compare with, so that the time taken tells nothing. */
    static boolean matches(String password, Optional<String> hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        boolean matches = ENCODER.matches(password, hash.orElse(DECOY_HASH));
        return hash.isPresent() && matches;
    }
}
