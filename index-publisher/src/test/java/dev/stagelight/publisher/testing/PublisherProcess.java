package dev.stagelight.publisher.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the publisher CLI in a separate JVM (the test classpath), as a user or a CI job would: the way the crash and
 * concurrency tests get a process they can kill or race.
 */
public final class PublisherProcess {
    private static final String MAIN = "dev.stagelight.publisher.cli.PublisherCli";

    /** What a finished run printed and returned. */
    public record Outcome(int exitCode, String stdout, String stderr) {}

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private PublisherProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code stagelight-publisher args...}; output goes to files in {@code logs} (never blocks on a pipe). */
    public static PublisherProcess start(Path logs, Map<String, String> env, String... args) throws IOException {
        return startMain(MAIN, logs, env, args);
    }

    /** Runs {@code stagelight-publisher args...} killed by SIGKILL before its {@code killAt}-th write ({@link KillingPublisher}). */
    public static Outcome runKilledAt(int killAt, Path logs, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(Integer.toString(killAt)));
        all.addAll(List.of(args));
        return startMain(KillingPublisher.class.getName(), logs, Map.of(), all.toArray(String[]::new)).await();
    }

    private static PublisherProcess startMain(String main, Path logs, Map<String, String> env, String... args)
            throws IOException {
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Fast start: these runs are short and many.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(logs, "out-", ".txt");
        Path err = Files.createTempFile(logs, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new PublisherProcess(pb.start(), out, err);
    }

    /** Runs to completion (at most two minutes). */
    public static Outcome run(Path logs, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(logs, env, args).await();
    }

    public Outcome await() throws IOException, InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IOException("publisher did not finish in 2 minutes: " + Files.readString(stderr));
        }
        return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** What the running process has printed so far (for servers that print their address and keep running). */
    public String stdoutSoFar() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hooks, no finally blocks. */
    public Outcome kill() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor();
        return await();
    }
}
