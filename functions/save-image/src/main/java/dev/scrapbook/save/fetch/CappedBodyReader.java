package dev.scrapbook.save.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Reads a 2xx body into memory, never more than the cap. */
final class CappedBodyReader {

    private static final int CHUNK = 64 * 1024;

    private final long maxBytes;

    CappedBodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    FetchOutcome read(Call call, Response response) throws IOException {
        ResponseBody body = response.body();
        if (body.contentLength() > maxBytes) {
            return abort(call);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = body.byteStream()) {
            for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
                if (bytes.size() + (long) n > maxBytes) {
                    return abort(call);
                }
                bytes.write(chunk, 0, n);
            }
        }
        return new FetchedImage(bytes.toByteArray(), response.request().url().uri(), mediaType(body.contentType()));
    }

    /**
     * Cancelling drops the socket. Merely closing the body would make OkHttp try to drain the rest
     * to reuse the connection, which is reading exactly what the cap is meant to stop.
     */
    private FetchOutcome abort(Call call) {
        call.cancel();
        return new FetchTooLarge(maxBytes);
    }

    private static String mediaType(MediaType type) {
        return type == null ? null : type.type() + "/" + type.subtype();
    }
}
