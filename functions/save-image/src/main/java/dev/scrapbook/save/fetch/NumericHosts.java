package dev.scrapbook.save.fetch;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises hosts that are numbers. Resolvers and browsers read 2130706433, 0177.0.0.1,
 * 0x7f.1 or 127.1 as IPv4 addresses in differing ways, so only the canonical dotted quad is
 * accepted as an address and every other numeric-looking host is refused outright.
 */
final class NumericHosts {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]*");
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private NumericHosts() {
    }

    /** WHATWG's "ends in a number": a host whose last label is numeric is an IPv4 attempt. */
    static boolean looksNumeric(String host) {
        String withoutTrailingDot = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String lastLabel = withoutTrailingDot.substring(withoutTrailingDot.lastIndexOf('.') + 1);
        return DECIMAL.matcher(lastLabel).matches() || HEX.matcher(lastLabel).matches();
    }

    /** The four bytes of a strict {@code d.d.d.d} (no leading zeros, no trailing dot), else empty. */
    static Optional<byte[]> canonicalDottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!OCTET.matcher(parts[i]).matches() || Integer.parseInt(parts[i]) > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(bytes);
    }
}
