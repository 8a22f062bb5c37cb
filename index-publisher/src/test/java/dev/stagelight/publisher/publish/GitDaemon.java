package dev.stagelight.publisher.publish;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} on 127.0.0.1 and a free port, serving (and accepting pushes to) every repository under
 * {@code base}; stopped by {@link #close()}.
 */
final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private GitDaemon(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static GitDaemon start(Path base) throws IOException, InterruptedException {
        Path log = Files.createTempFile("git-daemon-", ".log");
        IOException last = null;
        // The free port is found by binding port 0 and closing; another process may take it before the daemon does.
        for (int tries = 0; tries < 5; tries++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--base-path=" + base, "--export-all",
                    "--enable=receive-pack", "--informative-errors", "--listen=127.0.0.1", "--port=" + port, base.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            GitDaemon d = new GitDaemon(p, port, log);
            if (d.awaitListening()) {
                return d;
            }
            d.close();
            last = new IOException("git daemon did not start on port " + port + ": " + Files.readString(log));
        }
        throw last;
    }

    /** Waits until the port accepts connections, or the daemon exited. */
    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** The {@code git://} URL of repository {@code name} under the base path. */
    String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        // git daemon forks a child per connection; stop them with it.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}
