package dev.stagelight.publisher.tamper;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.verifier.cli.VerifierCli;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real index built by the publisher's {@link Appender}: {@link #SIZE} entries (crossing the 256-entry tile
 * boundary) appended in three batches, each manifest an export Statement over a real exported file and signed
 * (DSSE, Ed25519) by the publisher key. Tests copy it with {@link #copyIndex} and tamper with the copy.
 */
final class TamperFixture {
    static final String ORIGIN = "tamper.stagelight.dev/log";
    static final int SIZE = 300;
    /** Tree sizes after each batch; the checkpoints are kept in {@code old-checkpoints/<size>}. */
    static final int[] BATCHES = {100, 256, SIZE};
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T23:42:00Z"), ZoneOffset.UTC);

    final Path root;
    final Path index;
    final Path exports;
    final Path signerPem;
    final NoteSignerKey logKey;
    final Signer signer;
    final List<String> digests = new ArrayList<>();

    private TamperFixture(Path root) throws Exception {
        this.root = root;
        this.index = root.resolve("index");
        this.exports = root.resolve("exports");
        Path keys = Files.createDirectories(root.resolve("keys"));
        this.logKey = NoteSignerKey.generate(ORIGIN);
        this.signer = SigningKeys.generateEd25519(keys.resolve("signing.key.pem"));
        this.signerPem = keys.resolve("signer.pub.pem");
        Files.writeString(signerPem, PublicKeys.toPem(signer.publicKey()));
    }

    private static TamperFixture shared;

    /**
     * The one fixture of this test JVM (building it costs seconds of fsyncs); tests never modify it, only copies.
     * Its folder is removed when the JVM exits.
     */
    static synchronized TamperFixture shared() throws Exception {
        if (shared == null) {
            Path root = Files.createTempDirectory("tamper-fixture-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            shared = build(root);
        }
        return shared;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort at exit; the folder is under the system temp directory.
        }
    }

    static TamperFixture build(Path root) throws Exception {
        TamperFixture f = new TamperFixture(root);
        Files.createDirectories(f.index);
        Appender appender = new Appender(f.index, StateDir.besides(f.index), f.logKey, CLOCK, DirectorySource::new,
                Appender.WriteHook.NONE);
        appender.init();
        ManifestIngest ingest = new ManifestIngest(List.of(), f.signer, ManifestIngest.Defaults.NONE);
        Path old = Files.createDirectories(root.resolve("old-checkpoints"));
        int done = 0;
        for (int size : BATCHES) {
            List<IngestedManifest> batch = new ArrayList<>();
            for (int i = done; i < size; i++) {
                IngestedManifest m = ingest.read(f.writeExport(i));
                batch.add(m);
                f.digests.add(m.sha256());
                Files.write(f.exports.resolve("export-" + i).resolve("manifest.dsse.json"), m.signatureFile());
            }
            Appender.Result r = appender.append(batch);
            Files.write(old.resolve(Integer.toString(size)), r.signedCheckpoint());
            done = size;
        }
        return f;
    }

    /** Writes export {@code i}: one exported file and the unsigned Statement naming it; returns the Statement. */
    private Path writeExport(int i) throws IOException {
        String id = "export-" + i;
        Path dir = Files.createDirectories(exports.resolve(id));
        byte[] findings = ("{\"export\":\"" + id + "\",\"findings\":" + (i * 7 % 13) + "}\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/findings.jsonl"), findings);
        String sha = HexFormat.of().formatHex(MerkleHash.sha256().digest(findings));
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
                + "\"data/findings.jsonl\",\"digest\":{\"sha256\":\"" + sha + "\"}}],\"predicateType\":"
                + "\"https://stagelight.dev/export-manifest/v1\",\"predicate\":{\"export_id\":\"" + id
                + "\",\"tenant\":\"tenant-" + (i % 5) + "\",\"region\":\"" + (i % 2 == 0 ? "eu" : "us")
                + "\",\"created\":\"2026-11-24T12:00:00Z\"}}";
        Path in = Files.createDirectories(root.resolve("in")).resolve(id + ".json");
        Files.writeString(in, statement);
        return in;
    }

    Path export(int i) {
        return exports.resolve("export-" + i);
    }

    Path oldCheckpoint(int size) {
        return root.resolve("old-checkpoints").resolve(Integer.toString(size));
    }

    String logVkey() {
        return logKey.verifierKey().encode();
    }

    /**
     * A private copy of a fixture folder to tamper with, made of hard links (hundreds of small files per test case
     * would otherwise dominate the suite's time). Change files in the copy only through {@link #overwrite}, which
     * replaces the link instead of writing through it into the fixture.
     */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, p);
                }
            }
        }
        return to;
    }

    Path copyIndex(Path to) throws IOException {
        return copy(index, to);
    }

    /** Replaces {@code file} (possibly a hard link into the fixture) with new bytes, leaving the fixture intact. */
    static void overwrite(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
    }

    /** The verifier CLI's trust flags for this index. */
    List<String> trustArgs() {
        return List.of("--log-key", logVkey(), "--signer-key", signerPem.toString(), "--quiet");
    }

    /** Runs the verifier CLI in this JVM. */
    static Run verifier(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = VerifierCli.run(args.toArray(String[]::new), o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One verifier run: exit code and what it printed. */
    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
