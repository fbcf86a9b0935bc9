package dev.scrapbook.save.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an image URL on a user's behalf without letting the URL reach the server's own network
 * (SSRF): every hop is checked by {@link UrlGuard} and connects only to the addresses it checked. What is answered
 * says which rule refused a URL, never what a name resolved to or how a connection failed: that goes to the log.
 */
public final class SafeFetcher {

    private static final Logger log = LoggerFactory.getLogger(SafeFetcher.class);
    private static final String USER_AGENT = "ImageScrapbook/1.0 (+save-image)";
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    private final FetchSettings settings;
    private final UrlGuard guard;
    private final CappedBodyReader bodyReader;
    private final OkHttpClient client;

    public SafeFetcher(FetchSettings settings) {
        this(settings, HostResolver.system());
    }

    public SafeFetcher(FetchSettings settings, HostResolver resolver) {
        this(settings, resolver, new OkHttpClient());
    }

    /** {@code baseClient} lets tests watch connections; the safety settings are applied over it. */
    SafeFetcher(FetchSettings settings, HostResolver resolver, OkHttpClient baseClient) {
        this.settings = settings;
        this.guard = new UrlGuard(settings.allowedHosts(), resolver);
        this.bodyReader = new CappedBodyReader(settings.maxBytes());
        this.client = baseClient.newBuilder()
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .cookieJar(CookieJar.NO_COOKIES)
                .cache(null)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                // Each hop pins its own Dns, so pooled connections could never be reused anyway.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
    }

    public FetchOutcome fetch(String url) {
        HttpUrl current = url == null ? null : HttpUrl.parse(url.strip());
        if (current == null) {
            return new FetchRefused(unparseableReason(url));
        }
        long deadline = System.nanoTime() + settings.callTimeout().toNanos();
        try {
            for (int redirects = 0; ; redirects++) {
                Call call = newCall(current, guard.permit(current), deadline);
                try (Response response = call.execute()) {
                    String location = response.header("Location");
                    if (response.isRedirect() && location != null) {
                        current = nextHop(current, location, redirects);
                        continue;
                    }
                    if (!response.isSuccessful()) {
                        return FetchFailed.originAnswered(response.code());
                    }
                    return bodyReader.read(call, response);
                }
            }
        } catch (Refusal refusal) {
            log.info("refused to fetch from {}: {}", current.host(), refusal.detail());
            return new FetchRefused(refusal.getMessage(), refusal.detail());
        } catch (IOException e) {
            log.info("could not fetch from {}: {}", current.host(), e.toString());
            return FetchFailed.io(describe(e));
        }
    }

    private Call newCall(HttpUrl url, CheckedDns dns, long deadline) throws InterruptedIOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new InterruptedIOException("timeout");
        }
        Request request = new Request.Builder()
                .url(url)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "image/*,*/*;q=0.8")
                .get()
                .build();
        Call call = client.newBuilder().dns(dns).build().newCall(request);
        call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
        return call;
    }

    private HttpUrl nextHop(HttpUrl current, String location, int redirectsSoFar) throws Refusal {
        if (redirectsSoFar >= settings.maxRedirects()) {
            throw new Refusal("more than " + settings.maxRedirects() + " redirects");
        }
        HttpUrl next = current.resolve(location);
        if (next == null) {
            throw new Refusal("redirect to a URL that is not http or https: " + abbreviate(location));
        }
        return next;
    }

    private static String unparseableReason(String url) {
        Matcher scheme = SCHEME.matcher(url == null ? "" : url.strip());
        if (scheme.find()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!name.equals("http") && !name.equals("https")) {
                return "only http and https URLs may be fetched, not " + name + ":";
            }
        }
        return "not a valid http(s) URL with a host";
    }

    /** What the caller hears: no exception text, which can name addresses, ports and peers of the network. */
    private String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "the origin timed out";
        }
        if (e instanceof InterruptedIOException) {
            return "fetching took longer than " + settings.callTimeout().toSeconds() + " s";
        }
        return "the origin could not be reached";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
