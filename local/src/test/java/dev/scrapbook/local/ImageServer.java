package dev.scrapbook.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/** Serves {@code /img/<seed>.jpg} as {@link TestJpegs#unique} on loopback: the web pages of the URL saves. */
final class ImageServer implements AutoCloseable {

    private final HttpServer server;

    ImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/img/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/img/".length());
            byte[] jpeg = TestJpegs.unique(Integer.parseInt(name.replace(".jpg", "")), 640, 480);
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jpeg);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url(int seed) {
        return "http://" + hostPort() + "/img/" + seed + ".jpg";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
