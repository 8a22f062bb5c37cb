package dev.stagelight.publisher.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A static file server on 127.0.0.1 (free port) for browser tests: serves a site folder under {@code /site/} (a
 * sub-path, as GitHub Pages project sites have) with a Content-Security-Policy that forbids inline script, and
 * records every request with the bytes it sent, so a test can say what a browser downloaded.
 */
public final class SiteServer implements AutoCloseable {
    /** The policy the hosting advice asks for: scripts from the site only, nothing inline, nothing foreign. */
    public static final String CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    public static final String PREFIX = "/site/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "json", "application/json", "atom", "application/atom+xml", "svg", "image/svg+xml",
            "pem", "text/plain; charset=utf-8", "txt", "text/plain; charset=utf-8");

    /** One request: method, path below the site, status, body bytes sent. */
    public record Hit(String method, String path, int status, long bytes) {}

    private final Path root;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Hit> hits = new ArrayList<>();

    private SiteServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public static SiteServer serve(Path folder) throws IOException {
        return new SiteServer(folder);
    }

    /** The URL of a path inside the site, e.g. {@code url("entries/0/3.html")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX + path;
    }

    public synchronized List<Hit> hits() {
        return List.copyOf(hits);
    }

    public synchronized void clearHits() {
        hits.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = URI.create(ex.getRequestURI().getRawPath()).getPath();
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, method, path, 405, null);
                return;
            }
            if (!path.startsWith(PREFIX)) {
                send(ex, method, path, 404, null);
                return;
            }
            String rel = path.substring(PREFIX.length());
            Path file = root.resolve(rel.isEmpty() || rel.endsWith("/") ? rel + "index.html" : rel).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                send(ex, method, rel, 404, null);
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
            ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            send(ex, method, rel, 200, Files.readAllBytes(file));
        }
    }

    private void send(HttpExchange ex, String method, String path, int status, byte[] body) throws IOException {
        boolean head = method.equals("HEAD");
        if (body == null) {
            body = ("HTTP " + status + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        synchronized (this) {
            hits.add(new Hit(method, path, status, head ? 0 : body.length));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
