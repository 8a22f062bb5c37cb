package dev.stagelight.publisher.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.CosignKeyWriter;
import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes 0/1/2, one-line errors naming the file, never a stack trace. */
class PublisherCliTest {
    @TempDir Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = PublisherCli.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void keygenInitAppendThenErrors() throws Exception {
        Path keys = tmp.resolve("keys");
        Run keygen = run("keygen", "--out", keys.toString(), "--origin", "cli.test/log");
        assertEquals(0, keygen.code(), keygen.err());
        assertTrue(keygen.out().contains("verifier key:      cli.test/log+"), keygen.out());
        Path index = tmp.resolve("index");
        assertEquals(0, run("init", index.toString(), "--log-key", keys.resolve("log.key").toString()).code());

        Run again = run("init", index.toString(), "--log-key", keys.resolve("log.key").toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("an index already exists"), again.err());
        assertNoStackTrace(again);

        Path statement = tmp.resolve("s.json");
        Files.writeString(statement, TestIndex.statement("exp-1", "acme", "eu-west-1"));
        Run ok = run("append", index.toString(), "--log-key", keys.resolve("log.key").toString(),
                "--key", keys.resolve("signing.key.pem").toString(), statement.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("appended 1 entries (seq 0..0)"), ok.out());
        assertTrue(ok.out().contains("checkpoint:\ncli.test/log\n1\n"), ok.out());
        assertTrue(ok.out().contains("verified after writing (") && ok.out().contains("consistency")
                && ok.out().contains("inclusion-proof") && ok.out().contains("manifest-signature"),
                ok.out());

        Run unsigned = run("append", index.toString(), "--log-key", keys.resolve("log.key").toString(), statement.toString());
        assertEquals(2, unsigned.code());
        assertTrue(unsigned.err().contains(statement + ": an unsigned statement needs a signing key"), unsigned.err());
        assertNoStackTrace(unsigned);

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"_type\": ");
        Run malformed = run("append", index.toString(), "--log-key", keys.resolve("log.key").toString(),
                "--key", keys.resolve("signing.key.pem").toString(), bad.toString());
        assertEquals(2, malformed.code());
        assertTrue(malformed.err().contains(bad + ": malformed JSON"), malformed.err());
        assertNoStackTrace(malformed);

        Run pemWithoutOrigin = run("append", index.toString(), "--log-key", keys.resolve("signing.key.pem").toString(),
                statement.toString());
        assertEquals(2, pemWithoutOrigin.code());
        assertTrue(pemWithoutOrigin.err().contains("--origin"), pemWithoutOrigin.err());

        Path otherKeys = tmp.resolve("other");
        run("keygen", "--out", otherKeys.toString(), "--origin", "cli.test/log");
        Run wrongLog = run("append", index.toString(), "--log-key", otherKeys.resolve("log.key").toString(),
                "--key", keys.resolve("signing.key.pem").toString(), statement.toString());
        assertEquals(1, wrongLog.code(), "a checkpoint that does not verify with our key is a verification failure");
        assertNoStackTrace(wrongLog);
        assertTrue(Files.readString(index.resolve("checkpoint")).startsWith("cli.test/log\n1\n"), "nothing changed");

        assertEquals(2, run("append", index.toString()).code(), "usage error");
    }

    /** --raw: a file of exactly 65,535 bytes is one leaf; one byte more is bad input (exit 2) naming the file. */
    @Test
    void rawLeafAtTheLimitIsAppendedAndOneByteMoreIsBadInput() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        Path atLimit = tmp.resolve("at-limit.bin");
        Files.write(atLimit, new byte[65_535]);
        Run ok = run("append", t.index.toString(), "--log-key", t.logKeyFile.toString(), "--raw", atLimit.toString());
        assertEquals(0, ok.code(), ok.err());
        byte[] checkpoint = Files.readAllBytes(t.index.resolve("checkpoint"));

        Path over = tmp.resolve("over.bin");
        Files.write(over, new byte[65_536]);
        Run refused = run("append", t.index.toString(), "--log-key", t.logKeyFile.toString(), "--raw", over.toString());
        assertEquals(2, refused.code(), refused.err());
        assertEquals("stagelight-publisher: " + over + ": the leaf (the file's whole content) is 65536 bytes, over the"
                + " 65535-byte limit of an entry bundle\n", refused.err());
        assertArrayEquals(checkpoint, Files.readAllBytes(t.index.resolve("checkpoint")));
        assertFalse(Files.exists(t.index.resolve("tile/entries/000.p/2")));
    }

    /**
     * The log key's password from a file, as for the signing key. The log key must be Ed25519 (C2SP signed-note), so a
     * cosign-encrypted Ed25519 key signs the checkpoints; the shared cosign keys (P-256) decrypt with the file's
     * password and are then refused for their algorithm.
     */
    @Test
    void encryptedLogKeyWithPasswordFromAFile() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path logKey = tmp.resolve("log.cosign.key");
        Files.writeString(logKey, CosignKeyWriter.encrypt(ed.getPrivate().getEncoded(), "hello"));
        Path pw = tmp.resolve("log.password");
        Files.writeString(pw, "hello\n");
        Path index = tmp.resolve("index");
        String[] key = {"--log-key", logKey.toString(), "--origin", "cli.test/encrypted", "--log-key-password-file", pw.toString()};

        Run init = run(concat(new String[] {"init", index.toString()}, key));
        assertEquals(0, init.code(), init.err());
        Path leaf = tmp.resolve("leaf.bin");
        Files.writeString(leaf, "one");
        Run append = run(concat(new String[] {"append", index.toString(), "--raw", leaf.toString()}, key));
        assertEquals(0, append.code(), append.err());
        byte[] spki = ed.getPublic().getEncoded();
        NoteVerifierKey vkey = NoteVerifierKey.ed25519("cli.test/encrypted", Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        assertEquals(1, Checkpoint.openSigned(Files.readAllBytes(index.resolve("checkpoint")), List.of(vkey), "checkpoint").size());

        Path wrong = tmp.resolve("wrong.password");
        Files.writeString(wrong, "hellO\n");
        Run bad = run("append", index.toString(), "--raw", leaf.toString(), "--log-key", logKey.toString(),
                "--origin", "cli.test/encrypted", "--log-key-password-file", wrong.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(logKey + " (password file " + wrong + "): wrong password"), bad.err());
        assertNoStackTrace(bad);

        Run both = run("append", index.toString(), "--raw", leaf.toString(), "--log-key", logKey.toString(),
                "--origin", "cli.test/encrypted", "--log-key-password-file", pw.toString(), "--log-key-password-env", "PW");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        Path cosign = TestData.path("cosign-keys/pemsigstorekey.pem");
        Run p256 = run("init", tmp.resolve("other").toString(), "--log-key", cosign.toString(), "--origin", "cli.test/p256",
                "--log-key-password-file", pw.toString());
        assertEquals(2, p256.code());
        assertTrue(p256.err().contains(cosign + ": checkpoints are signed with Ed25519"), p256.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A cosign-encrypted P-256 key, its password from an environment variable (a real process, a real environment). */
    @Test
    void cosignEncryptedKeyWithPasswordFromTheEnvironment() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        Path statement = tmp.resolve("s.json");
        Files.writeString(statement, TestIndex.statement("exp-2", "acme", "eu-west-1"));
        PublisherProcess.Outcome o = PublisherProcess.run(tmp.resolve("logs"), Map.of("COSIGN_PW", "hello"), "append",
                t.index.toString(), "--log-key", t.logKeyFile.toString(),
                "--key", TestData.path("cosign-keys/pemsigstorekey.pem").toString(), "--password-env", "COSIGN_PW",
                statement.toString());
        assertEquals(0, o.exitCode(), o.stderr());
        String entry = Files.readString(t.index.resolve("tile/entries/000.p/1"), StandardCharsets.UTF_8);
        assertTrue(entry.contains("\"alg\":\"ecdsa-p256-sha256\""), entry);

        PublisherProcess.Outcome wrong = PublisherProcess.run(tmp.resolve("logs"), Map.of("COSIGN_PW", "nope"), "append",
                t.index.toString(), "--log-key", t.logKeyFile.toString(),
                "--key", TestData.path("cosign-keys/pemsigstorekey.pem").toString(), "--password-env", "COSIGN_PW",
                statement.toString());
        assertEquals(2, wrong.exitCode());
        assertFalse(wrong.stderr().contains("\tat "), wrong.stderr());
    }

    @Test
    void appendRendersTheSiteAndARenderWithNothingNewWritesNothing() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        Run a = run(t.appendArgs("site", 3));
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("site: rendered 3 new entries (tree size 0 -> 3)"), a.out());
        assertTrue(a.out().trim().endsWith(new String(Files.readAllBytes(t.index.resolve("checkpoint")),
                StandardCharsets.UTF_8).trim()), "the signed checkpoint still comes last");
        assertTrue(Files.isRegularFile(t.index.resolve("entries/0/2.html")));
        Run r = run("render", t.index.toString(), "--log-vkey", t.logKey.verifierKey().encode());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rendered 0 new entries") && r.out().contains(" 0 files written"), r.out());
    }

    @Test
    void renderRefusesACheckpointNotSignedByTheGivenKey() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        assertEquals(0, run(java.util.stream.Stream.concat(java.util.stream.Stream.of(t.appendArgs("k", 2)),
                java.util.stream.Stream.of("--no-site")).toArray(String[]::new)).code());
        assertFalse(Files.exists(t.index.resolve("index.html")), "--no-site renders nothing");
        String other = NoteSignerKey.generate(TestIndex.ORIGIN).verifierKey().encode();
        Run r = run("render", t.index.toString(), "--log-vkey", other);
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(t.index.resolve("checkpoint").toString()), r.err());
        assertNoStackTrace(r);
        assertFalse(Files.exists(t.index.resolve("index.html")), "nothing rendered");
    }
}
