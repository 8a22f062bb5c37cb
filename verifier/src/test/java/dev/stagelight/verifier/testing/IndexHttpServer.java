package dev.stagelight.verifier.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 (free port) serving an index folder as a static web host would, plus
 * per-path overrides (redirects, stalls) for the failure cases. Stop it with {@link #close()}.
 */
public final class IndexHttpServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, each response
        // then waits for the client's delayed ACK (~40 ms). Real static hosts do not behave like that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "index-http-server");
        t.setDaemon(true);
        return t;
    });
    private final Path root;
    private final Map<String, HttpHandler> overrides = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean chunked;

    private IndexHttpServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves {@code root} at {@link #uri()}. */
    public static IndexHttpServer serve(Path root) throws IOException {
        return new IndexHttpServer(root);
    }

    /** The index root URL, ending in a slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Number of requests served so far. */
    public long requests() {
        return requests.get();
    }

    /** Send bodies without Content-Length (chunked), so a size cap must be enforced while reading. */
    public IndexHttpServer chunked(boolean on) {
        this.chunked = on;
        return this;
    }

    /** Answers {@code /path} with a 302 to {@code location}. */
    public IndexHttpServer redirect(String path, String location) {
        overrides.put("/" + path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        return this;
    }

    /** Answers {@code /path} with headers and then nothing for {@code millis}. */
    public IndexHttpServer stall(String path, long millis) {
        overrides.put("/" + path, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            HttpHandler override = overrides.get(path);
            if (override != null) {
                override.handle(exchange);
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
