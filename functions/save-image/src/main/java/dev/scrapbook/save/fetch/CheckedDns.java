package dev.scrapbook.save.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * The only {@link Dns} a fetch hop gets: it holds the addresses that were resolved once and
 * checked, so OkHttp connects to exactly those. A second lookup could answer differently (DNS
 * rebinding), which is why none is ever made.
 */
final class CheckedDns implements Dns {

    private final String host;
    private final List<InetAddress> addresses;

    private CheckedDns(String host, List<InetAddress> addresses) {
        this.host = host;
        this.addresses = List.copyOf(addresses);
    }

    /** Resolves {@code host} once; refuses if any answer is not public, unless the hop is allow-listed. */
    static CheckedDns resolve(String host, HostResolver resolver, boolean allowListed) throws Refusal {
        List<InetAddress> resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException unknown) {
            resolved = null;
        }
        if (resolved == null || resolved.isEmpty()) {
            // Answered as a private name is: otherwise the two answers would tell which internal names exist.
            throw Refusal.notPublic(host + " does not resolve");
        }
        return check(host, resolved, allowListed);
    }

    /** For IP-literal hosts, which OkHttp connects to without asking a {@link Dns}. */
    static CheckedDns literal(String host, InetAddress address, boolean allowListed) throws Refusal {
        return check(host, List.of(address), allowListed);
    }

    private static CheckedDns check(String host, List<InetAddress> addresses, boolean allowListed)
            throws Refusal {
        if (!allowListed) {
            for (InetAddress address : addresses) {
                Optional<String> reason = AddressPolicy.refusalReason(address);
                if (reason.isPresent()) {
                    throw Refusal.notPublic(host + " resolves to " + address.getHostAddress() + ", a " + reason.get());
                }
            }
        }
        return new CheckedDns(host, addresses);
    }

    List<InetAddress> addresses() {
        return addresses;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        if (!hostname.equalsIgnoreCase(host)) {
            throw new UnknownHostException(hostname + " was not checked for this request");
        }
        return addresses;
    }
}
