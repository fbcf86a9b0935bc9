package dev.scrapbook.save.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
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

/**
 * Fetches an image URL on a user's behalf without letting the URL reach the server's own network
 * (SSRF): every hop is checked by {@link UrlGuard} and connects only to the addresses it checked.
 */
public final class SafeFetcher {

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
            return new FetchRefused(refusal.getMessage());
        } catch (IOException e) {
            return FetchFailed.io(describe(e, current));
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

    private String describe(IOException e, HttpUrl url) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + url.host();
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out waiting for " + url.host();
        }
        if (e instanceof InterruptedIOException) {
            return "fetching took longer than " + settings.callTimeout().toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "could not connect to " + url.host();
        }
        return "could not fetch from " + url.host() + ": " + e.getMessage();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
