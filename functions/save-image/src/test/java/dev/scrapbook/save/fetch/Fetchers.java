package dev.scrapbook.save.fetch;

import okhttp3.OkHttpClient;

/** Builds fetchers whose every connection goes through {@link LoopbackOnlySockets}. */
final class Fetchers {

    private Fetchers() {
    }

    static SafeFetcher watched(FetchSettings settings, HostResolver resolver, LoopbackOnlySockets sockets) {
        return new SafeFetcher(settings, resolver, new OkHttpClient.Builder().socketFactory(sockets).build());
    }
}
