package dev.stagelight.rollout.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} on 127.0.0.1 with push enabled, serving every repository under a base directory;
 * started and stopped by the test.
 */
public final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GitDaemon start(Path base) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("git", "daemon", "--base-path=" + base, "--export-all", "--enable=receive-pack",
                "--reuseaddr", "--listen=127.0.0.1", "--port=" + port, base.toString())
                .redirectErrorStream(true).redirectOutput(base.resolve("daemon.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new GitDaemon(p, port);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("git daemon exited with " + p.exitValue());
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("git daemon did not listen on port " + port);
    }

    public String url(String repo) {
        return "git://127.0.0.1:" + port + "/" + repo;
    }

    /** Runs the git CLI in {@code dir} and returns its output (fails the test on a non-zero exit). */
    public static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
