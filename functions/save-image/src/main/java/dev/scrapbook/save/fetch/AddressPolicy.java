package dev.scrapbook.save.fetch;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether an address is public, the only kind the fetcher may connect to. Everything that
 * reaches the server itself, its network, the cloud's metadata service or no real host is refused.
 */
final class AddressPolicy {

    private static final List<IpRange> REFUSED_IPV4 = List.of(
            // Linux connects 0.0.0.0 to the local host.
            IpRange.of("0.0.0.0/8", "this-network address"),
            IpRange.of("10.0.0.0/8", "private address"),
            IpRange.of("100.64.0.0/10", "carrier-grade NAT address"),
            IpRange.of("127.0.0.0/8", "loopback address"),
            // Cloud metadata services (credentials!) answer at 169.254.169.254.
            IpRange.of("169.254.0.0/16", "link-local address"),
            IpRange.of("172.16.0.0/12", "private address"),
            IpRange.of("192.0.0.0/24", "IETF protocol assignment"),
            IpRange.of("192.0.2.0/24", "documentation address"),
            IpRange.of("192.88.99.0/24", "6to4 relay anycast address"),
            IpRange.of("192.168.0.0/16", "private address"),
            IpRange.of("198.18.0.0/15", "benchmarking address"),
            IpRange.of("198.51.100.0/24", "documentation address"),
            IpRange.of("203.0.113.0/24", "documentation address"),
            IpRange.of("224.0.0.0/4", "multicast address"),
            IpRange.of("240.0.0.0/4", "reserved or broadcast address"));

    // Checked before the embedded forms, since ::/96 (IPv4-compatible) would otherwise swallow them.
    private static final List<IpRange> REFUSED_IPV6_EXACT = List.of(
            IpRange.of("::/128", "unspecified address"),
            IpRange.of("::1/128", "loopback address"));

    /** IPv6 forms that carry an IPv4 address, which is where a packet to them ends up. */
    private record EmbeddedIpv4(IpRange range, int offset) {
    }

    private static final List<EmbeddedIpv4> EMBEDDING_FORMS = List.of(
            new EmbeddedIpv4(IpRange.of("::ffff:0:0/96", "IPv4-mapped"), 12),
            new EmbeddedIpv4(IpRange.of("::/96", "IPv4-compatible"), 12),
            new EmbeddedIpv4(IpRange.of("64:ff9b::/96", "NAT64"), 12),
            new EmbeddedIpv4(IpRange.of("2002::/16", "6to4"), 2));

    private static final List<IpRange> REFUSED_IPV6 = List.of(
            IpRange.of("64:ff9b:1::/48", "local-use NAT64 address"),
            IpRange.of("100::/64", "discard-only address"),
            // Teredo tunnels to an IPv4 relay and client we cannot judge from here.
            IpRange.of("2001::/32", "Teredo address"),
            IpRange.of("2001::/23", "IETF protocol assignment"),
            IpRange.of("2001:db8::/32", "documentation address"),
            IpRange.of("fc00::/7", "unique-local address"),
            IpRange.of("fe80::/10", "link-local address"),
            IpRange.of("fec0::/10", "site-local address"),
            IpRange.of("ff00::/8", "multicast address"));

    private static final IpRange GLOBAL_UNICAST = IpRange.of("2000::/3", "global unicast");

    private AddressPolicy() {
    }

    /** Every range judged here, embedding forms included: RefusedRangesTest keeps an address of each in its table. */
    static List<IpRange> ranges() {
        return Stream.of(REFUSED_IPV4.stream(), REFUSED_IPV6_EXACT.stream(),
                EMBEDDING_FORMS.stream().map(EmbeddedIpv4::range), REFUSED_IPV6.stream()).flatMap(s -> s).toList();
    }

    static boolean isPublic(InetAddress address) {
        return refusalReason(address).isEmpty();
    }

    /** Empty when the address is public; otherwise why it is not, e.g. "link-local address". */
    static Optional<String> refusalReason(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? judgeIpv4(bytes) : judgeIpv6(bytes);
    }

    private static Optional<String> judgeIpv4(byte[] address) {
        return firstMatch(REFUSED_IPV4, address);
    }

    private static Optional<String> judgeIpv6(byte[] address) {
        Optional<String> exact = firstMatch(REFUSED_IPV6_EXACT, address);
        if (exact.isPresent()) {
            return exact;
        }
        for (EmbeddedIpv4 form : EMBEDDING_FORMS) {
            if (form.range().contains(address)) {
                byte[] ipv4 = Arrays.copyOfRange(address, form.offset(), form.offset() + 4);
                return judgeIpv4(ipv4).map(reason ->
                        reason + " (" + form.range().name() + " form of " + dotted(ipv4) + ")");
            }
        }
        Optional<String> refused = firstMatch(REFUSED_IPV6, address);
        if (refused.isPresent()) {
            return refused;
        }
        return GLOBAL_UNICAST.contains(address) ? Optional.empty() : Optional.of("reserved IPv6 address");
    }

    private static Optional<String> firstMatch(List<IpRange> ranges, byte[] address) {
        return ranges.stream().filter(range -> range.contains(address)).map(IpRange::name).findFirst();
    }

    private static String dotted(byte[] ipv4) {
        return (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "." + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff);
    }
}
