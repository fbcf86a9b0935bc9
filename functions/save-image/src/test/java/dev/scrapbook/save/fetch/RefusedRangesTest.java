package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One address inside every range the SSRF guard refuses, each judged the way a real save is: a name resolves to
 * it through the resolver seam ({@link FakeResolver}, no DNS) and the fetcher must refuse without a connection
 * attempt. Dropping any range from {@link AddressPolicy} makes its row here pass as public and fail; a range added
 * there without a row here fails {@link #everyRangeOfThePolicyHasARowInThisTable}.
 */
class RefusedRangesTest {

    static Stream<Arguments> refusedRanges() {
        return Stream.of(
                arguments("0.0.0.0/8", "0.1.2.3", "this-network address"),
                arguments("10.0.0.0/8", "10.20.30.40", "private address"),
                arguments("100.64.0.0/10", "100.100.1.1", "carrier-grade NAT address"),
                arguments("127.0.0.0/8", "127.8.9.10", "loopback address"),
                arguments("169.254.0.0/16", "169.254.169.254", "link-local address"),
                arguments("172.16.0.0/12", "172.20.1.1", "private address"),
                arguments("192.0.0.0/24", "192.0.0.170", "IETF protocol assignment"),
                arguments("192.0.2.0/24", "192.0.2.33", "documentation address"),
                arguments("192.88.99.0/24", "192.88.99.1", "6to4 relay anycast address"),
                arguments("192.168.0.0/16", "192.168.77.1", "private address"),
                arguments("198.18.0.0/15", "198.19.0.1", "benchmarking address"),
                arguments("198.51.100.0/24", "198.51.100.200", "documentation address"),
                arguments("203.0.113.0/24", "203.0.113.5", "documentation address"),
                arguments("224.0.0.0/4", "233.252.0.1", "multicast address"),
                arguments("240.0.0.0/4", "255.255.255.255", "reserved or broadcast address"),
                arguments("::/128", "::", "unspecified address"),
                arguments("::1/128", "::1", "loopback address"),
                arguments("::ffff:0:0/96", "::ffff:192.168.1.1", "private address (IPv4-mapped form of 192.168.1.1)"),
                arguments("::/96", "::10.1.1.1", "private address (IPv4-compatible form of 10.1.1.1)"),
                arguments("64:ff9b::/96", "64:ff9b::a9fe:a9fe", "link-local address (NAT64 form of 169.254.169.254)"),
                arguments("2002::/16", "2002:7f00:1::", "loopback address (6to4 form of 127.0.0.1)"),
                arguments("64:ff9b:1::/48", "64:ff9b:1::1", "local-use NAT64 address"),
                arguments("100::/64", "100::1", "discard-only address"),
                arguments("2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo address"),
                // Inside 2001::/23 but outside its Teredo /32: this row alone notices the /23 going missing.
                arguments("2001::/23", "2001:2::1", "IETF protocol assignment"),
                arguments("2001:db8::/32", "2001:db8::1", "documentation address"),
                arguments("fc00::/7", "fd00::1", "unique-local address"),
                arguments("fe80::/10", "fe80::1", "link-local address"),
                arguments("fec0::/10", "fec0::1", "site-local address"),
                arguments("ff00::/8", "ff02::1", "multicast address"),
                // Not a listed range: everything outside global unicast (2000::/3).
                arguments("outside 2000::/3", "4000::1", "reserved IPv6 address"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedRanges")
    void refusesANameResolvingIntoTheRangeWithoutConnecting(String range, String address, String reason) {
        LoopbackOnlySockets sockets = new LoopbackOnlySockets();
        FakeResolver resolver = new FakeResolver().answer("target.test", unfolded(address));
        SafeFetcher fetcher = Fetchers.watched(FetchSettings.defaults(), resolver, sockets);

        assertThat(fetcher.fetch("http://target.test/picture.jpg")).isInstanceOfSatisfying(FetchRefused.class, refused -> {
            assertThat(refused.detail()).isEqualTo("target.test resolves to " + unfolded(address).getHostAddress()
                    + ", a " + reason);
            assertThat(refused.reason()).isEqualTo(Refusal.NOT_PUBLIC);
        });
        assertThat(resolver.lookups()).isEqualTo(1);
        assertThat(sockets.attempts()).isEmpty();
    }

    @Test
    void everyRangeOfThePolicyHasARowInThisTable() {
        assertThat(AddressPolicy.ranges()).isNotEmpty().allSatisfy(range -> assertThat(refusedRanges()
                .map(row -> unfolded((String) row.get()[1]).getAddress()).anyMatch(range::contains))
                .as("an address of %s (%s) in the table", range.name(), java.util.HexFormat.of().formatHex(range.network()))
                .isTrue());
    }

    /** The address as a resolver could hand it over: an IPv4-mapped one in its IPv6 form, which a literal folds into IPv4. */
    private static InetAddress unfolded(String literal) {
        InetAddress parsed = InetAddress.ofLiteral(literal);
        if (literal.contains(":") && parsed instanceof Inet4Address v4) {
            try {
                return Inet6Address.getByAddress(null, IpRange.ipv4Mapped(v4.getAddress()), -1);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return parsed;
    }
}
