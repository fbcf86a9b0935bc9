package dev.scrapbook.save.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HTTP server on 127.0.0.1 with a request counter; handlers are registered by exact path. */
final class TestServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Handlers that stall wait on this; closing the server releases them. */
    final CountDownLatch released = new CountDownLatch(1);

    private TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    static TestServer start() throws IOException {
        return new TestServer();
    }

    TestServer on(String path, HttpHandler handler) {
        handlers.put(path, handler);
        return this;
    }

    TestServer serving(String path, String contentType, byte[] body) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    TestServer redirecting(String path, String location) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    int port() {
        return server.getAddress().getPort();
    }

    String hostPort() {
        return "127.0.0.1:" + port();
    }

    String url(String path) {
        return "http://" + hostPort() + path;
    }

    int requests() {
        return requests.get();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        HttpHandler handler = handlers.get(exchange.getRequestURI().getPath());
        if (handler == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        handler.handle(exchange);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
