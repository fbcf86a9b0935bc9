package dev.scrapbook.save.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;

/** A CIDR block with a name that explains why it matters. */
record IpRange(byte[] network, int prefixLength, String name) {

    /** Parses literals only ({@link InetAddress#ofLiteral} never touches DNS). */
    static IpRange of(String cidr, String name) {
        int slash = cidr.indexOf('/');
        String base = cidr.substring(0, slash);
        InetAddress parsed = InetAddress.ofLiteral(base);
        byte[] bytes = base.contains(":") && parsed instanceof Inet4Address v4
                ? ipv4Mapped(v4.getAddress())
                : parsed.getAddress();
        return new IpRange(bytes, Integer.parseInt(cidr.substring(slash + 1)), name);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** Java folds {@code ::ffff:a.b.c.d} literals into IPv4; the IPv6 tables need the 16-byte form. */
    static byte[] ipv4Mapped(byte[] ipv4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, mapped, 12, 4);
        return mapped;
    }
}
