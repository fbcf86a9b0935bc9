package dev.scrapbook.gallery.account;

import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts failed log-ins in PostgreSQL, shared by every instance of every function, and refuses an account
 * or a client address that failed too often within the window. While refused, nothing more is counted, so
 * the refusal ends when the oldest counted failure leaves the window.
 */
@Component
public class LoginThrottle {

    private final JdbcClient db;
    private final LoginThrottleSettings settings;

    LoginThrottle(JdbcClient db, LoginThrottleSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    /** Throws {@link LoginThrottled} when either the account or the address is over its limit. */
    public void check(String username, String address) {
        Optional<Long> wait = secondsToWait("account", accountKey(username), settings.maxFailuresPerAccount())
                .or(() -> secondsToWait("address", address, settings.maxFailuresPerAddress()));
        if (wait.isPresent()) {
            throw new LoginThrottled(wait.get());
        }
    }

    public void recordFailure(String username, String address) {
        long window = settings.window().toSeconds();
        // Every failure clears all that left the window, so the table holds about one window's failures.
        db.sql("delete from login_failures where failed_at < now() - make_interval(secs => ?)").param(window).update();
        db.sql("insert into login_failures (scope, key) values ('account', ?), ('address', ?)")
                .params(accountKey(username), address).update();
    }

    /** A good password clears the account's failures, not the address's: one success must not hide stuffing. */
    public void recordSuccess(String username) {
        db.sql("delete from login_failures where scope = 'account' and key = ?").param(accountKey(username)).update();
    }

    private Optional<Long> secondsToWait(String scope, String key, int limit) {
        return db.sql("""
                select ceil(extract(epoch from min(failed_at) + make_interval(secs => :window) - now()))::bigint
                from login_failures
                where scope = :scope and key = :key and failed_at > now() - make_interval(secs => :window)
                having count(*) >= :limit""")
                .param("window", settings.window().toSeconds()).param("scope", scope).param("key", key)
                .param("limit", limit)
                .query(Long.class).optional().map(seconds -> Math.max(1, seconds));
    }

    private static String accountKey(String username) {
        // PostgreSQL text can't hold U+0000; any username with one is refused anyway, so they may share a key.
        return username == null ? "" : username.toLowerCase(Locale.ROOT).replace('\u0000', '\uFFFD');
    }
}
