package dev.scrapbook.gallery.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed log-ins allowed within the window before further attempts are answered 429: per account from one client
 * address, per account from all addresses (higher than one address can ever reach, so locking an owner out takes
 * at least 20 addresses), and per client address across accounts. The client address is the request's remote
 * address: the connection's peer, or behind a proxy the {@code X-Forwarded-For} entry the server was told to
 * trust ({@code server.forward-headers-strategy=native}, private-range proxies only), never a header anyone
 * could send to a function reached directly. An IPv6 client counts by its /64.
 */
@ConfigurationProperties("scrapbook.login")
public record LoginThrottleSettings(
        @DefaultValue("5") int maxFailuresPerAccountAndAddress,
        @DefaultValue("100") int maxFailuresPerAccount,
        @DefaultValue("50") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window) {
}
