package dev.stagelight.rollout.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} and {@code promtool}) on 127.0.0.1 holding a history the test wrote:
 * the history is backfilled with {@code promtool tsdb create-blocks-from openmetrics}, then Prometheus starts on a
 * free port with that TSDB and a config that scrapes nothing, and {@link #close()} stops it. Without the binaries the
 * test fails (never skips): the gate tests are only worth something against the real server.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final String INSTALL_HINT = "install Prometheus: scripts/install-deps.sh";

    private final Process process;
    private final URI url;
    private final Path log;

    private PrometheusServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Backfills {@code history} into {@code dir/tsdb} and starts Prometheus on it; waits until it is ready. */
    public static PrometheusServer start(Path dir, OpenMetricsHistory history) throws Exception {
        String prometheus = binary("prometheus");
        String promtool = binary("promtool");
        Path om = dir.resolve("history.om");
        Path tsdb = dir.resolve("tsdb");
        Path config = dir.resolve("prometheus.yml");
        history.write(om);
        Files.createDirectories(tsdb);
        Files.writeString(config, "scrape_configs: []\n", StandardCharsets.UTF_8);
        run(dir, promtool, "tsdb", "create-blocks-from", "openmetrics", om.toString(), tsdb.toString());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        // Retention is relative to the newest block, but 100y also keeps a fixed, old history safe from a wall clock.
        Process p = new ProcessBuilder(prometheus, "--storage.tsdb.path=" + tsdb, "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=100y",
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitReady();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return url;
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ": " + logText());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus not ready on " + url + " within 60 s: " + logText());
    }

    private String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** The path of {@code name} on PATH (or /usr/bin); fails the test with the install hint when it is missing. */
    static String binary(String name) {
        return binary(name, System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin");
    }

    static String binary(String name, String path) {
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new AssertionError(name + " not found; " + INSTALL_HINT);
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 120 s: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", List.of(cmd)) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
