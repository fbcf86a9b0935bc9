package dev.scrapbook.gallery.account;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Log-in and sign-up attempts, counted in PostgreSQL ({@code attempts}) so that every instance of every
 * function sees one count: a limit each instance of a scale-to-zero function counted alone would limit nothing.
 *
 * <p>An attempt is claimed before its password is hashed, by the database function {@code claim_attempt}
 * (V6): under an advisory lock per account and per address it counts the attempts in the window and records
 * this one only if every limit allows it. Concurrent attempts on a key queue on the lock and each counts those
 * before it; checking, hashing and only then recording let 16 of 100 concurrent guesses through a limit of 5.
 * A refused attempt records nothing, so a refusal ends when enough counted attempts have left the window.
 */
@Component
class AttemptLedger {

    /**
     * One kind of attempt ({@code login}, {@code signup}), its limits within the window (null: not limited that
     * way), and what a refusal says.
     */
    record Rule(String action, Duration window, Integer perAccountAndAddress, Integer perAccount, Integer perAddress,
            String refusal) {
    }

    /** A recorded attempt: the account and address keys it was counted under. */
    record Attempt(String account, String address) {
    }

    private final JdbcClient db;

    AttemptLedger(JdbcClient db) {
        this.db = db;
    }

    /** Records the attempt, or throws {@link TooManyAttempts} (and records nothing) when a limit is reached. */
    Attempt claim(Rule rule, String account, String clientAddress) {
        Attempt attempt = new Attempt(account, addressKey(clientAddress));
        long wait = db.sql("select claim_attempt(?, ?, ?, make_interval(secs => ?), ?::int, ?::int, ?::int)")
                .params(rule.action(), attempt.account(), attempt.address(), rule.window().toSeconds(),
                        rule.perAccountAndAddress(), rule.perAccount(), rule.perAddress())
                .query(Long.class).single();
        if (wait > 0) {
            throw new TooManyAttempts(rule.refusal(), wait);
        }
        return attempt;
    }

    /** Forgets every attempt of this kind on the account from the address, the given one included. */
    void forget(Rule rule, Attempt attempt) {
        db.sql("delete from attempts where action = ? and account = ? and address = ?")
                .params(rule.action(), attempt.account(), attempt.address()).update();
    }

    /**
     * An IPv6 client is counted by its /64: one subscriber routinely holds a whole /64, and would otherwise
     * have a fresh address for every guess. An IPv4 address (mapped ones included) is counted as it is.
     */
    static String addressKey(String clientAddress) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(clientAddress);
        } catch (IllegalArgumentException e) {
            return clientAddress;
        }
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] network = address.getAddress();
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
