package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.serve.PreviewServer;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.cli.VerifierCli;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stagelight-verifier follow} as a monitor runs it after the publisher's appends: it reads only what is new
 * (counted), stores the new checkpoint only when everything holds, and prints both checkpoints on a fork.
 */
class FollowTest {
    private static final Pattern FILES_READ = Pattern.compile("(\\d+) files read");

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
        long filesRead() {
            Matcher m = FILES_READ.matcher(out);
            assertTrue(m.find(), out);
            return Long.parseLong(m.group(1));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run follow(TestIndex t, String where, Path state, String... more) throws Exception {
        Path pem = t.root.resolve("signer.pem");
        Files.writeString(pem, PublicKeys.toPem(t.signer.publicKey()));
        List<String> args = new ArrayList<>(List.of("follow", where, "--state", state.toString(), "--log-key",
                t.logKey.verifierKey().encode(), "--signer-key", pem.toString(), "--quiet"));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifierCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void append(TestIndex t, String prefix, int n) throws Exception {
        List<IngestedManifest> ms = new ArrayList<>();
        for (Path p : t.statements(prefix, n)) {
            ms.add(t.ingest().read(p));
        }
        t.appender(Appender.WriteHook.NONE).withWriteThreads(8).append(ms);
    }

    @Test
    void followReadsOnlyWhatIsNewAndStoresTheNewCheckpoint() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        append(t, "a", 600);
        Path state = tmp.resolve("monitor.checkpoint");

        Run first = follow(t, t.index.toString(), state);
        assertEquals(VerifierCli.OK, first.code(), first::toString);
        assertTrue(first.out().contains("verifying the whole index"), first::toString);
        assertArrayEquals(Files.readAllBytes(t.index.resolve("checkpoint")), Files.readAllBytes(state));

        int k = 5;
        append(t, "b", k);
        Run next = follow(t, t.index.toString(), state);
        assertEquals(VerifierCli.OK, next.code(), next::toString);
        assertTrue(next.out().contains("consistency") && next.out().contains("inclusion-proof")
                && next.out().contains("manifest-signature"), next::toString);
        // checkpoint, 2-3 entry bundles, the tiles of 2 levels (a consistency and k inclusion proofs), k manifests and
        // k envelopes: O(k + log n), far below the 1,200 manifest files of the first run.
        assertTrue(next.filesRead() <= 1 + 3 + 6 + 2 * k, next::toString);
        assertArrayEquals(Files.readAllBytes(t.index.resolve("checkpoint")), Files.readAllBytes(state));

        Run nothingNew = follow(t, t.index.toString(), state);
        assertEquals(VerifierCli.OK, nothingNew.code(), nothingNew::toString);
        assertTrue(nothingNew.filesRead() <= 2, nothingNew::toString);
    }

    @Test
    void followOverHttpFromThePreviewServer() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        append(t, "a", 3);
        Path state = tmp.resolve("monitor.checkpoint");
        try (PreviewServer server = PreviewServer.start(t.index, "/", 0)) {
            assertEquals(VerifierCli.OK, follow(t, server.url(""), state).code());
            append(t, "b", 300);
            Run next = follow(t, server.url(""), state);
            assertEquals(VerifierCli.OK, next.code(), next::toString);
            assertTrue(next.out().contains("300 new entries"), next::toString);
        }
        assertArrayEquals(Files.readAllBytes(t.index.resolve("checkpoint")), Files.readAllBytes(state));
    }

    @Test
    void aDamagedNewEntryFailsAndTheStateStaysWhereItWas() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        append(t, "a", 3);
        Path state = tmp.resolve("monitor.checkpoint");
        assertEquals(VerifierCli.OK, follow(t, t.index.toString(), state).code());
        byte[] before = Files.readAllBytes(state);

        append(t, "b", 2);
        // Damage every envelope: whichever two are new, their signatures no longer verify.
        try (var files = Files.list(t.index.resolve("manifests"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".dsse.json")).toList()) {
                TamperFixture.overwrite(p, Files.readString(p).replace("\"sig\":\"", "\"sig\":\"AAAA")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        Run r = follow(t, t.index.toString(), state);
        assertEquals(VerifierCli.FAILED, r.code(), r::toString);
        assertTrue(r.out().contains("FAILED"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(state), "the state is kept when something fails");
    }

    @Test
    void aForkIsReportedWithBothCheckpoints() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        append(t, "a", 3);
        // Another index under the same log key with other entries: the monitor saw that one first.
        Path forkIndex = tmp.resolve("fork/index");
        Files.createDirectories(forkIndex);
        Appender fork = new Appender(forkIndex, StateDir.besides(forkIndex), t.logKey, TestIndex.CLOCK,
                DirectorySource::new, Appender.WriteHook.NONE);
        fork.init();
        List<IngestedManifest> other = new ArrayList<>();
        for (Path p : t.statements("fork", 2)) {
            other.add(t.ingest().read(p));
        }
        fork.append(other);
        Path state = tmp.resolve("monitor.checkpoint");
        assertEquals(VerifierCli.OK, follow(t, forkIndex.toString(), state).code());
        byte[] seen = Files.readAllBytes(state);

        Run r = follow(t, t.index.toString(), state);
        assertEquals(VerifierCli.FAILED, r.code(), r::toString);
        assertTrue(r.err().contains("SECURITY ERROR"), r::toString);
        String old = new String(seen, StandardCharsets.UTF_8).stripTrailing().replace("\n", "\n\t");
        String now = Files.readString(t.index.resolve("checkpoint")).stripTrailing().replace("\n", "\n\t");
        assertTrue(r.err().contains(old) && r.err().contains(now), r::toString);
        assertArrayEquals(seen, Files.readAllBytes(state));
    }

    @Test
    void followWithoutStateIsAUsageError() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifierCli.run(new String[] {"follow", t.index.toString(), "--log-key",
                t.logKey.verifierKey().encode()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(VerifierCli.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--state"));
    }
}
