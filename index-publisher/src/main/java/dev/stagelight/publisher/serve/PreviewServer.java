package dev.stagelight.publisher.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stagelight.publisher.site.HeaderRules;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local preview of a site folder on 127.0.0.1 with the headers the hosting advice asks for (CSP, caching, CORS
 * from {@link HeaderRules}), under a path prefix so that sub-path hosting (GitHub Pages project sites) is what one
 * previews. Read-only: only GET and HEAD, only regular files inside the folder (no symlinks out, no temp files), no
 * directory listings. Records each request with the bytes sent, so tests and the demo can say what a browser
 * downloaded.
 */
public final class PreviewServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "json", "application/json", "atom", "application/atom+xml", "svg", "image/svg+xml",
            "pem", "text/plain; charset=utf-8", "txt", "text/plain; charset=utf-8", "vkey", "text/plain; charset=utf-8",
            "conf", "text/plain; charset=utf-8");

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,12})-(\\d{0,12})");

    /** One request: method, path below the prefix, status, body bytes sent. */
    public record Hit(String method, String path, int status, long bytes) {}

    private final Path root;
    private final String prefix;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Hit> hits = new ArrayList<>();
    private volatile boolean noStore;

    private PreviewServer(Path root, String prefix, int port) throws IOException {
        this.root = root.toAbsolutePath().normalize().toRealPath();
        this.prefix = prefix;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Serves {@code folder} under {@code prefix} ({@code /} or {@code /name/}) on 127.0.0.1.
     *
     * @param port a port, or 0 for a free one
     */
    public static PreviewServer start(Path folder, String prefix, int port) throws IOException {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("--prefix: expected a path like / or /index/, found \"" + prefix + "\"");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder");
        }
        return new PreviewServer(folder, prefix, port);
    }

    /**
     * Sends {@code Cache-Control: no-store} for everything instead of the hosting rules: for tests that change files
     * the rules call immutable, so the browser never keeps a changed copy.
     */
    public PreviewServer withoutCaching() {
        noStore = true;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of a path inside the site, e.g. {@code url("entries/0/3.html")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + prefix + path;
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
            ex.getResponseHeaders().set("Content-Security-Policy", HeaderRules.csp());
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, method, path, 405, null);
                return;
            }
            if (path.equals("/favicon.ico") && !prefix.equals("/")) {
                // Browsers ask the host root for an icon when a page (JSON, a feed) names none; the site's own is under the prefix.
                ex.getResponseHeaders().set("Location", prefix + "static/favicon.svg");
                send(ex, method, path, 308, new byte[0]);
                return;
            }
            if (!path.startsWith(prefix)) {
                send(ex, method, path, 404, null);
                return;
            }
            String rel = path.substring(prefix.length());
            if (rel.isEmpty() || rel.endsWith("/")) {
                rel = rel + "index.html";
            }
            Path file = root.resolve(rel).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || AtomicFiles.isTempFile(file)
                    || !file.toRealPath().startsWith(root)) {
                send(ex, method, rel, 404, null);
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
            boolean note = rel.equals("checkpoint") || rel.startsWith("checkpoints/"); // signed notes, no extension
            ex.getResponseHeaders().set("Content-Type", note ? "text/plain; charset=utf-8"
                    : TYPES.getOrDefault(ext, "application/octet-stream"));
            ex.getResponseHeaders().set("Cache-Control", noStore ? "no-store" : HeaderRules.cacheControl(rel));
            if (HeaderRules.cors(rel)) {
                ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            }
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            long[] range = range(ex.getRequestHeaders().getFirst("Range"), body.length);
            if (range == null) {
                send(ex, method, rel, 200, body);
            } else if (range[0] >= body.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                send(ex, method, rel, 416, null);
            } else {
                // One range, as static hosts (GitHub Pages, nginx) serve it: the browser verifier reads one entry so.
                ex.getResponseHeaders().set("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + body.length);
                send(ex, method, rel, 206, Arrays.copyOfRange(body, (int) range[0], (int) range[1] + 1));
            }
        }
    }

    /** A single {@code bytes=FIRST-LAST} or {@code bytes=FIRST-} range, clamped to the body; null for none or others. */
    static long[] range(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches()) {
            return null;
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
        return last < first && first < size ? null : new long[] {first, last};
    }

    private void send(HttpExchange ex, String method, String path, int status, byte[] body) throws IOException {
        boolean head = method.equals("HEAD");
        if (body == null) {
            body = ("HTTP " + status + "\n").getBytes(StandardCharsets.US_ASCII);
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
