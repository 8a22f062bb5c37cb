package dev.stagelight.rollout.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Git's smart HTTP protocol as a host serves it: Debian's {@code git http-backend} (CGI) behind a small HTTP server
 * on 127.0.0.1 that asks for HTTP Basic credentials on every request, as GitHub does for pushes (the same server
 * as index-publisher's push tests, for the rollout store's remote).
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Path base;
    private final String expectedAuth;
    private final String user;
    private final Path stderrLog;

    private GitHttpServer(Path base, String user, String password) throws IOException {
        this.base = base;
        this.user = user;
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.stderrLog = Files.createTempFile("http-backend-", ".log");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
    }

    public static GitHttpServer start(Path base, String user, String password) throws IOException {
        GitHttpServer s = new GitHttpServer(base, user, password);
        s.server.start();
        return s;
    }

    public String url(String repo) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repo;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!expectedAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend").redirectError(
                    ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
            Map<String, String> env = pb.environment();
            env.put("GIT_PROJECT_ROOT", base.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REMOTE_USER", user);
            env.put("REMOTE_ADDR", "127.0.0.1");
            env.put("REQUEST_METHOD", ex.getRequestMethod());
            env.put("PATH_INFO", ex.getRequestURI().getRawPath());
            env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            putHeader(ex, env, "Content-Type", "CONTENT_TYPE");
            putHeader(ex, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
            putHeader(ex, env, "Git-Protocol", "GIT_PROTOCOL");
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(body);
            }
            try (InputStream out = p.getInputStream()) {
                int status = readCgiHeaders(out, ex);
                ex.sendResponseHeaders(status, 0);
                try (OutputStream resp = ex.getResponseBody()) {
                    out.transferTo(resp);
                }
            }
            p.waitFor(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void putHeader(HttpExchange ex, Map<String, String> env, String header, String var) {
        String v = ex.getRequestHeaders().getFirst(header);
        if (v != null) {
            env.put(var, v);
        }
    }

    /** Copies the CGI response headers; returns the status ({@code Status:} header, 200 without one). */
    private static int readCgiHeaders(InputStream out, HttpExchange ex) throws IOException {
        int status = 200;
        while (true) {
            String line = readLine(out);
            if (line.isEmpty()) {
                return status;
            }
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                ex.getResponseHeaders().add(name, value);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    public String backendLog() throws IOException {
        return Files.readString(stderrLog);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        pool.shutdownNow();
        Files.deleteIfExists(stderrLog);
    }
}
