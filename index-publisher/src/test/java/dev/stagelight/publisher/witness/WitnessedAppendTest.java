package dev.stagelight.publisher.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.append.AppendException;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.cli.VerifierCli;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.note.CosignerKey;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.note.WitnessCosigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish append --witness}: a publisher and two witnesses on 127.0.0.1 over real HTTP. Checkpoints are
 * published only with enough cosignatures; a witness that refuses (a fork: 409) or dies mid-append leaves the
 * published index as it was, the checkpoint kept privately, and the next append succeeds once the witness is back.
 */
class WitnessedAppendTest {
    private static final Pattern STARTED = Pattern.compile("witness (\\S+) for \\S+ at (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    /** An in-process witness for the test index's log. */
    private WitnessClient witness(TestIndex t, String name) throws Exception {
        WitnessCosigner cosigner = new WitnessCosigner(NoteSignerKey.generate(name));
        WitnessState state = WitnessState.open(tmp.resolve("witness-" + name.replace('/', '_')));
        WitnessServer server = WitnessServer.start(new Witness(cosigner, List.of(t.logKey.verifierKey()), state,
                Clock.systemUTC()), "/", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        running.add(server);
        running.add(state);
        return new WitnessClient(server.url(), cosigner.verifierKey());
    }

    private static List<IngestedManifest> manifests(TestIndex t, String prefix, int n) throws Exception {
        List<IngestedManifest> out = new ArrayList<>();
        for (Path p : t.statements(prefix, n)) {
            out.add(t.ingest().read(p));
        }
        return out;
    }

    private static Appender witnessed(TestIndex t, int threshold, WitnessClient... witnesses) {
        return witnessed(t, Appender.WriteHook.NONE, threshold, witnesses);
    }

    private static Appender witnessed(TestIndex t, Appender.WriteHook hook, int threshold,
            WitnessClient... witnesses) {
        return t.appender(hook).withCosigning(new Witnessing(List.of(witnesses), threshold, System.err));
    }

    private static byte[] checkpoint(TestIndex t) throws IOException {
        return Files.readAllBytes(t.index.resolve("checkpoint"));
    }

    /** The verifier CLI over the index, requiring the given witnesses; returns exit code and output. */
    private static String verify(TestIndex t, int[] code, String... witnessArgs) throws IOException {
        Path pem = t.root.resolve("signer.pem");
        Files.writeString(pem, PublicKeys.toPem(t.signer.publicKey()));
        List<String> args = new ArrayList<>(List.of("index", t.index.toString(), "--log-key",
                t.logKey.verifierKey().encode(), "--signer-key", pem.toString(), "--quiet"));
        args.addAll(List.of(witnessArgs));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            code[0] = VerifierCli.run(args.toArray(String[]::new), p, p);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkpointsArePublishedWithBothCosignaturesAndAVerifierRequiringTwoOfTwoAcceptsThem() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        WitnessClient w1 = witness(t, "witness.test/w1");
        WitnessClient w2 = witness(t, "witness.test/w2");
        witnessed(t, 2, w1, w2).append(manifests(t, "a", 3));
        witnessed(t, 2, w1, w2).append(manifests(t, "b", 300)); // crosses an entry bundle: a real consistency proof

        SignedNote note = SignedNote.parse(checkpoint(t));
        assertEquals(3, note.signatures().size(), "log signature and two cosignatures");
        w1.key().verify(note.text(), note.signatures().get(1));
        w2.key().verify(note.text(), note.signatures().get(2));
        assertTrue(t.verify().verified());
        int[] code = new int[1];
        String out = verify(t, code, "--witness", w1.key().encode(), "--witness", w2.key().encode());
        assertEquals(VerifierCli.OK, code[0], out);
    }

    @Test
    void aVerifierRequiringTwoOfTwoRejectsAnIndexCosignedByOne() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        WitnessClient w1 = witness(t, "witness.test/w1");
        // A witness nobody listens on: unreachable, so only w1 cosigns; a threshold of 1 publishes anyway.
        WitnessClient gone = new WitnessClient(URI.create("http://127.0.0.1:1/"),
                new WitnessCosigner(NoteSignerKey.generate("witness.test/gone")).verifierKey());
        witnessed(t, 1, w1, gone).append(manifests(t, "a", 3));
        assertEquals(2, SignedNote.parse(checkpoint(t)).signatures().size());

        int[] code = new int[1];
        String out = verify(t, code, "--witness", w1.key().encode(), "--witness", gone.key().encode());
        assertEquals(VerifierCli.FAILED, code[0], out);
        assertTrue(out.contains("1 of 2 witnesses cosigned (2 required)") && out.contains("missing: "
                + gone.key().keyId()), out);
        String one = verify(t, code, "--witness", w1.key().encode(), "--witness", gone.key().encode(),
                "--witness-threshold", "1");
        assertEquals(VerifierCli.OK, code[0], one);
    }

    @Test
    void aForkedCheckpointIsRefusedByTheWitnessAndNotPublished() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        WitnessClient w1 = witness(t, "witness.test/w1");
        witnessed(t, 1, w1).append(manifests(t, "a", 3));

        // A second index signed with the same log key, with other entries: a fork of the same log.
        Path forkRoot = tmp.resolve("fork");
        Files.createDirectories(forkRoot.resolve("index"));
        Appender fork = new Appender(forkRoot.resolve("index"), StateDir.besides(forkRoot.resolve("index")),
                t.logKey, TestIndex.CLOCK, dev.stagelight.verifier.source.DirectorySource::new,
                Appender.WriteHook.NONE);
        fork.init();
        byte[] before = Files.readAllBytes(forkRoot.resolve("index/checkpoint"));
        List<IngestedManifest> other = manifests(t, "fork", 3);
        AppendException e = assertThrows(AppendException.class, () -> fork.withCosigning(
                new Witnessing(List.of(w1), 1, System.err)).append(other));
        assertTrue(e.getMessage().contains("witness " + w1 + " refused: 409") && e.getMessage().contains("fork"),
                e.getMessage());
        assertTrue(e.getMessage().contains("it holds:"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(forkRoot.resolve("index/checkpoint")), "nothing published");
        assertTrue(Files.exists(StateDir.besides(forkRoot.resolve("index")).unpublished()));
    }

    @Test
    void aWitnessKilledDuringAnAppendLeavesTheIndexAsItWasAndTheNextAppendPublishes() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        Path keys = tmp.resolve("w2-keys");
        assertEquals(0, PublisherCli.run("witness", "keygen", "--out", keys.toString(), "--name", "witness.test/w2"));
        CosignerKey w2Key = CosignerKey.parse(Files.readString(keys.resolve("witness.vkey")).strip());
        WitnessClient w1 = witness(t, "witness.test/w1");
        PublisherProcess[] w2Process = {null};
        WitnessClient w2 = new WitnessClient(serve(keys, t, w2Process), w2Key);
        witnessed(t, 2, w1, w2).append(manifests(t, "a", 3));
        byte[] published = checkpoint(t);

        // SIGKILL the witness process once the append is under way (its first tile is being written).
        boolean[] killed = {false};
        Appender.WriteHook killWitness = path -> {
            if (path.startsWith("tile/") && !killed[0]) {
                killed[0] = true;
                try {
                    w2Process[0].kill();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        AppendException e = assertThrows(AppendException.class,
                () -> witnessed(t, killWitness, 2, w1, w2).append(manifests(t, "b", 4)));
        assertTrue(killed[0]);
        assertTrue(e.getMessage().contains("1 of 2 witnesses cosigned") && e.getMessage().contains("witness " + w2
                + " refused: unreachable"), e.getMessage());
        assertArrayEquals(published, checkpoint(t), "the published checkpoint is untouched");
        assertTrue(t.verify().verified(), "the published index still verifies at the old size");
        StateDir state = StateDir.besides(t.index);
        assertTrue(Files.exists(state.unpublished()));

        // The witness comes back (same state folder): the next append publishes the kept batch, then its own.
        WitnessClient back = new WitnessClient(serve(keys, t, w2Process), w2Key);
        Appender.Result r = witnessed(t, 2, w1, back).append(manifests(t, "c", 2));
        assertEquals(4, r.recovered());
        assertEquals(9, r.checkpoint().size());
        assertTrue(Files.notExists(state.unpublished()));
        assertTrue(t.verify().verified());
        int[] code = new int[1];
        String out = verify(t, code, "--witness", w1.key().encode(), "--witness", w2Key.encode());
        assertEquals(VerifierCli.OK, code[0], out);
    }

    @Test
    void theAppendCommandSubmitsToWitnessesAndExitsOneWhenTooFewCosign() throws Exception {
        TestIndex t = TestIndex.create(tmp.resolve("log"));
        WitnessClient w1 = witness(t, "witness.test/w1");
        WitnessClient w2 = witness(t, "witness.test/w2");
        List<String> args = new ArrayList<>(List.of(t.appendArgs("a", 2)));
        args.addAll(List.of("--no-site", "--witness", w1.url() + "=" + w1.key().encode(),
                "--witness", w2.url() + "=" + w2.key().encode(), "--witness-threshold", "2"));
        assertEquals(0, PublisherCli.run(args.toArray(String[]::new)));
        assertEquals(3, SignedNote.parse(checkpoint(t)).signatures().size());

        byte[] before = checkpoint(t);
        List<String> refused = new ArrayList<>(List.of(t.appendArgs("b", 2)));
        refused.addAll(List.of("--no-site", "--witness", w1.url() + "=" + w1.key().encode(),
                "--witness", "http://127.0.0.1:1/=" + w2.key().encode()));
        assertEquals(1, PublisherCli.run(refused.toArray(String[]::new)));
        assertArrayEquals(before, checkpoint(t));
        assertEquals(2, PublisherCli.run("append", t.index.toString(), "--log-key", t.logKeyFile.toString(),
                "--witness", "not-a-witness", t.statements("c", 1).get(0).toString()));
    }

    /** Starts {@code witness serve} in its own JVM (state in a fixed folder) and returns its URL. */
    private URI serve(Path keys, TestIndex t, PublisherProcess[] holder) throws Exception {
        Path logKey = tmp.resolve("log.vkey");
        Files.writeString(logKey, t.logKey.verifierKey().encode() + "\n");
        PublisherProcess p = PublisherProcess.start(tmp.resolve("logs"), Map.of(), "witness", "serve", "--key",
                keys.resolve("witness.key").toString(), "--log", logKey.toString(), "--state",
                tmp.resolve("w2-state").toString());
        holder[0] = p;
        running.add(() -> p.kill());
        for (int i = 0; i < 600; i++) {
            Matcher m = STARTED.matcher(p.stdoutSoFar());
            if (m.find()) {
                return URI.create(m.group(2));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("witness did not start: " + p.kill());
    }
}
