package dev.stagelight.verifier.note;

import static dev.stagelight.verifier.note.SignedNoteTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static final String TESSERA_VKEY = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
    private static final String TESSERA_SKEY = "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";

    @Test
    void tesseraCheckpointsVerifyAndAreReproducedByteForByte() throws Exception {
        NoteVerifierKey vkey = NoteVerifierKey.parse(TESSERA_VKEY);
        NoteSignerKey skey = NoteSignerKey.parse(TESSERA_SKEY);
        assertEquals(vkey, skey.verifierKey());
        Path dir = TestData.path("tessera-log");
        for (int i = -1; i <= 15; i++) {
            Path file = dir.resolve(i < 0 ? "checkpoint" : "checkpoint." + i);
            byte[] bytes = Files.readAllBytes(file);
            Checkpoint cp = Checkpoint.openSigned(bytes, List.of(vkey), file.toString());
            assertEquals("example.com/log/testdata", cp.origin());
            assertEquals(i < 0 ? 15 : i, cp.size(), file.toString());
            assertEquals(SignedNote.parse(bytes).text(), cp.format());
            assertArrayEquals(bytes, NoteSigner.sign(cp.format(), skey), file + " re-signed");
        }
    }

    @Test
    void sigstoreCheckpointsParse() throws Exception {
        Path dir = TestData.path("sigstore-java/checkpoints");
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(Files.readAllBytes(dir.resolve("valid.txt"))).text());
        assertEquals("rekor.sigstore.dev - 2605736670972794746", cp.origin());
        assertEquals(37795272L, cp.size());
        assertEquals(List.of("Timestamp: 1697034484441201852"), cp.extensions());
        SignedNote multi = SignedNote.parse(Files.readAllBytes(dir.resolve("valid_multi_sig.txt")));
        assertEquals(List.of("rekor.sigstore.dev", "bob.loblaw.dev"), multi.signatures().stream().map(NoteSignature::name).toList());
        assertEquals(cp, Checkpoint.parse(multi.text()));
    }

    @Test
    void sigstoreErrorCheckpointsAreRejectedWithAReason() throws Exception {
        Path dir = TestData.path("sigstore-java/checkpoints");
        Map<String, String> expected = Map.of(
                "error_header_body_separator.txt", "no blank line",
                "error_header_count.txt", "at least 3 lines",
                "error_no_newline_after_signature.txt", "does not end with a newline",
                "error_no_signatures.txt", "no signature lines",
                "error_not_a_number.txt", "line 2 (tree size)",
                "error_signature_format_invalid.txt", "malformed line 6",
                "error_signature_length_insufficient.txt", "malformed line 6");
        try (var files = Files.list(dir)) {
            List<Path> errors = files.filter(p -> p.getFileName().toString().startsWith("error_")).toList();
            assertEquals(expected.keySet().size(), errors.size(), "every error file has an expected reason");
            for (Path p : errors) {
                byte[] bytes = Files.readAllBytes(p);
                assertMessage(expected.get(p.getFileName().toString()), () -> Checkpoint.parse(SignedNote.parse(bytes).text()));
            }
        }
    }

    @Test
    void sizeAndRootAreStrict() {
        String root = "rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=";
        assertMessage("without leading zeros", () -> Checkpoint.parse("o\n015\n" + root + "\n"));
        assertMessage("without leading zeros", () -> Checkpoint.parse("o\n-1\n" + root + "\n"));
        assertMessage("too large", () -> Checkpoint.parse("o\n9999999999999999999\n" + root + "\n"));
        assertMessage("expected 32 bytes", () -> Checkpoint.parse("o\n1\nAAAA\n"));
        assertMessage("non-canonical base64", () -> Checkpoint.parse("o\n1\n" + root.replace("=", "") + "\n"));
        assertMessage("end with a newline", () -> Checkpoint.parse("o\n1\n" + root));
        assertMessage("line 4 (extension) is empty", () -> Checkpoint.parse("o\n1\n" + root + "\n\nx\n"));
        assertMessage("line 1 (origin) is empty", () -> Checkpoint.parse("\n1\n" + root + "\n"));
    }

    @Test
    void formatRoundTripsWithExtensions() throws Exception {
        String text = "example.org/log\n0\n" + "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" + "\nx-ext: 1\n";
        Checkpoint cp = Checkpoint.parse(text);
        assertEquals(0, cp.size());
        assertEquals(text, cp.format());
        assertTrue(cp.toString().contains("size 0"));
        NoteSignerKey k = NoteSignerKey.generate("example.org/log");
        String signed = new String(NoteSigner.sign(cp.format(), k), StandardCharsets.UTF_8);
        assertMessage("tampered.txt: signed note: bad signature", () -> Checkpoint.openSigned(
                signed.replace("\n0\n", "\n1\n").getBytes(StandardCharsets.UTF_8), List.of(k.verifierKey()), "tampered.txt"));
    }
}
