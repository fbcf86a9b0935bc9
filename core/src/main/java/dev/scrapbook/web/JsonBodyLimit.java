package dev.scrapbook.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Caps every JSON request body ({@code SCRAPBOOK_MAX_JSON_BODY}, 256 KiB: the largest real one, a lookup of a
 * page's image URLs, is a fraction of that). A body whose Content-Length is over the cap is answered 413 before a
 * byte of it is read; a chunked one is counted while it is read and cut off at the cap ({@link BodyTooLarge}, 413
 * too). Without this, Jackson would build whatever a body describes before any controller could check its size.
 * Image uploads are not JSON and keep their own limit (save-image reads at most 25 MB of them).
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final ObjectMapper json;

    JsonBodyLimit(@Value("${scrapbook.max-json-body:256KB}") DataSize maxBytes, ObjectMapper json) {
        this.maxBytes = maxBytes.toBytes();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isJson(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(maxBytes).writeTo(response, json);
            return;
        }
        chain.doFilter(new CappedRequest(request, maxBytes), response);
    }

    static ApiProblem tooLarge(long maxBytes) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                "a JSON body may hold at most %d KiB".formatted(maxBytes / 1024));
    }

    /** What Spring's Jackson converter reads: application/json and any application/*+json. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "json".equalsIgnoreCase(type.getSubtype()) || "json".equalsIgnoreCase(type.getSubtypeSuffix());
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }

    /** Thrown by the capped body once more than the cap was read; {@link ProblemResponses} answers it 413. */
    public static final class BodyTooLarge extends IOException {

        private static final long serialVersionUID = 1L;
        private final long maxBytes;

        BodyTooLarge(long maxBytes) {
            super("the JSON body is larger than " + maxBytes + " bytes", null);
            this.maxBytes = maxBytes;
        }

        ApiProblem problem() {
            return tooLarge(maxBytes);
        }
    }

    private static final class CappedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream body;

        CappedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CappedInputStream(super.getInputStream(), maxBytes);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CappedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        CappedInputStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
