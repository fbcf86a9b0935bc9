package dev.scrapbook.save.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers made-up names from a table; any other name is unknown. Never asks real DNS. */
final class FakeResolver implements HostResolver {

    private final Map<String, List<List<InetAddress>>> answers = new HashMap<>();
    private final Map<String, Integer> lookupsByHost = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    /** Each call to {@link #resolve} takes the next answer; the last one repeats. */
    FakeResolver answer(String host, String... literals) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : literals) {
            addresses.add(InetAddress.ofLiteral(literal));
        }
        answers.computeIfAbsent(host, h -> new ArrayList<>()).add(addresses);
        return this;
    }

    /** Addresses as given: an IPv4-mapped IPv6 address stays in its 16-byte form, which a literal would lose. */
    FakeResolver answer(String host, InetAddress... addresses) {
        answers.computeIfAbsent(host, h -> new ArrayList<>()).add(List.of(addresses));
        return this;
    }

    int lookups() {
        return lookups.get();
    }

    @Override
    public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.incrementAndGet();
        int call = lookupsByHost.merge(host, 1, Integer::sum) - 1;
        List<List<InetAddress>> sequence = answers.get(host);
        if (sequence == null) {
            throw new UnknownHostException(host);
        }
        return sequence.get(Math.min(call, sequence.size() - 1));
    }
}
