package dev.scrapbook.save.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/** Checks one hop's URL (scheme, credentials, host, addresses) before anything is sent. */
final class UrlGuard {

    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    UrlGuard(Set<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = allowedHosts;
        this.resolver = resolver;
    }

    /** The hop may go ahead, connecting only through the returned {@link CheckedDns}. */
    CheckedDns permit(HttpUrl url) throws Refusal, UnknownHostException {
        if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
            throw new Refusal("only http and https URLs may be fetched");
        }
        // Credentials in a URL are a classic way to disguise the real host (http://trusted@evil/).
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new Refusal("URLs with user credentials may not be fetched");
        }
        String host = url.host();
        if (host.isEmpty()) {
            throw new Refusal("the URL has no host");
        }
        boolean allowListed = allowedHosts.contains(HostPortKey.of(url));
        if (!allowListed && isLoopbackName(host)) {
            throw Refusal.notPublic(host + " names this machine");
        }
        if (host.contains(":")) {
            return CheckedDns.literal(host, InetAddress.ofLiteral(host), allowListed);
        }
        Optional<byte[]> quad = NumericHosts.canonicalDottedQuad(host);
        if (quad.isPresent()) {
            return CheckedDns.literal(host, InetAddress.getByAddress(quad.get()), allowListed);
        }
        if (NumericHosts.looksNumeric(host)) {
            throw new Refusal("the host '" + host + "' is a numeric address in an ambiguous form;"
                    + " write it as a dotted quad like 93.184.216.34");
        }
        return CheckedDns.resolve(host, resolver, allowListed);
    }

    /**
     * RFC 6761 (6.3): {@code localhost} and every name under it are this machine, whatever a resolver answers,
     * in any case and with or without the trailing dot of an absolute name. Judged by name, before any lookup.
     */
    private static boolean isLoopbackName(String host) {
        String name = (host.endsWith(".") ? host.substring(0, host.length() - 1) : host).toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.endsWith(".localhost");
    }
}
