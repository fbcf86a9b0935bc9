import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What reading the review's hostile lookup body costs: {"sourceUrls": [...]} with 5,000,000 one-letter strings
 * (20 MB), as POST /api/images/lookup reads it, before and after the fix, in one JVM. Every case goes through
 * Spring MVC's own Jackson converter (with Boot's ObjectMapper settings) into the endpoint's request record:
 *
 *   before           the record as it was (a plain List), no body cap: the whole list is built, then refused
 *   after, chunked   the real JsonBodyLimit filter and the real LookupController.Query (@MaxItems(500)), the body
 *                    sent without Content-Length: reading stops at the 501st string
 *   after, length    the same with Content-Length: the filter answers 413 before reading a byte
 *
 * Per case, medians of the rounds: bytes the reading thread allocated (ThreadMXBean), the heap still in use just
 * after the read with its result held (after a GC, minus the same before the read), bytes of the body consumed.
 * Usage: java -cp <gallery classpath> bench/bodies/LookupBodyBench.java [rounds]
 */
public class LookupBodyBench {

    record Before(List<String> sourceUrls) {
    }

    record Figures(long allocated, long retained, long consumed, int status) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        byte[] body = body(5_000_000);
        ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
        MappingJackson2HttpMessageConverter converter = new MappingJackson2HttpMessageConverter(json);
        Class<?> query = Class.forName("dev.scrapbook.gallery.images.LookupController$Query");
        Filter cap = jsonBodyLimit(json);

        System.out.printf("body: %,d bytes, 5,000,000 strings; %d rounds; %d cores, load %.1f%n", body.length, rounds,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-16s %16s %16s %16s %8s%n", "case", "allocated KB", "retained KB", "body bytes read", "answer");
        report("before", rounds, () -> read(converter, Before.class, request(body, false), null));
        report("after, chunked", rounds, () -> read(converter, query, request(body, false), cap));
        report("after, length", rounds, () -> read(converter, query, request(body, true), cap));
    }

    interface Case {
        Figures run() throws Exception;
    }

    private static void report(String name, int rounds, Case run) throws Exception {
        run.run(); // warm-up
        List<Figures> all = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            all.add(run.run());
        }
        System.out.printf("%-16s %,16d %,16d %16s %8d%n", name,
                median(all.stream().mapToLong(Figures::allocated).toArray()) / 1024,
                median(all.stream().mapToLong(Figures::retained).toArray()) / 1024,
                String.format("%,d", median(all.stream().mapToLong(Figures::consumed).toArray())), all.getFirst().status());
    }

    /** One read; the result is held until the heap is measured. */
    private static Figures read(MappingJackson2HttpMessageConverter converter, Class<?> type, Counted request, Filter cap)
            throws Exception {
        long heapBefore = usedAfterGc();
        long threadId = Thread.currentThread().threadId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(threadId);
        Object[] held = new Object[1];
        int[] status = {200};
        MockFilterChain handler = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                try {
                    held[0] = converter.read(type, new ServletServerHttpRequest(req));
                    List<?> urls = (List<?>) type.getRecordComponents()[0].getAccessor().invoke(held[0]);
                    status[0] = urls.size() > 500 ? 400 : 200; // the old controller's check, after the list was built
                } catch (Exception refused) {
                    status[0] = refused.toString().contains("BodyTooLarge") ? 413 : 400;
                }
            }
        });
        MockHttpServletResponse response = new MockHttpServletResponse();
        if (cap == null) {
            handler.doFilter(request.request(), response);
        } else {
            cap.doFilter(request.request(), response, handler);
            if (response.getStatus() != 200) {
                status[0] = response.getStatus();
            }
        }
        long allocated = THREADS.getThreadAllocatedBytes(threadId) - allocatedBefore;
        long retained = usedAfterGc() - heapBefore;
        Arrays.fill(held, null);
        return new Figures(allocated, Math.max(0, retained), request.consumed(), status[0]);
    }

    record Counted(HttpServletRequest request, CountingStream stream) {
        long consumed() {
            return stream.consumed;
        }
    }

    private static Counted request(byte[] body, boolean withLength) {
        CountingStream stream = new CountingStream(body);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/images/lookup") {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                return stream;
            }

            @Override
            public long getContentLengthLong() {
                return withLength ? body.length : -1;
            }
        };
        request.setContentType("application/json");
        return new Counted(request, stream);
    }

    static final class CountingStream extends jakarta.servlet.ServletInputStream {
        private final ByteArrayInputStream in;
        long consumed;

        CountingStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            int b = in.read();
            consumed += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = in.read(buffer, offset, length);
            consumed += Math.max(n, 0);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** core's filter is package-private: it is built here as Spring builds it, with its default cap. */
    private static Filter jsonBodyLimit(ObjectMapper json) throws Exception {
        Constructor<?> constructor = Class.forName("dev.scrapbook.web.JsonBodyLimit")
                .getDeclaredConstructor(DataSize.class, ObjectMapper.class);
        constructor.setAccessible(true);
        return (Filter) constructor.newInstance(DataSize.parse("256KB"), json);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static byte[] body(int strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(strings * 4 + 32);
        out.writeBytes("{\"sourceUrls\":[\"a\"".getBytes(StandardCharsets.US_ASCII));
        byte[] more = ",\"a\"".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < strings; i++) {
            out.writeBytes(more);
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
