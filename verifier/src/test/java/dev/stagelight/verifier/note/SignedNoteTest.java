package dev.stagelight.verifier.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode vector(String name) throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(TestData.path("signed-note/vectors.json")));
        for (JsonNode v : root.get("vectors")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("vector " + name + " missing");
    }

    @Test
    void c2spExampleVerifies() throws Exception {
        JsonNode v = vector("c2sp-example");
        NoteVerifierKey key = NoteVerifierKey.parse(v.get("vkey").asText());
        assertEquals(v.get("vkey").asText(), key.encode());
        SignedNote note = SignedNote.parse(utf8(v.get("note").asText()));
        assertEquals("This is an example message.\n", note.text());
        List<NoteSignature> ok = note.verify(List.of(key));
        assertEquals(1, ok.size());
        assertEquals("example.com/foo+530d903a", ok.get(0).keyId());
        assertArrayEquals(utf8(v.get("note").asText()), note.encode());
    }

    @Test
    void signingIsByteExactAndKeysMatch() throws Exception {
        JsonNode v = vector("x-mod-peter-neumann");
        NoteSignerKey skey = NoteSignerKey.parse(v.get("skey").asText());
        assertEquals(v.get("vkey").asText(), skey.verifierKey().encode());
        assertEquals(v.get("skey").asText(), skey.encode());
        byte[] signed = NoteSigner.sign(v.get("text").asText(), skey);
        assertEquals(v.get("note").asText(), new String(signed, StandardCharsets.UTF_8));
        SignedNote.parse(signed).verify(List.of(NoteVerifierKey.parse(v.get("vkey").asText())));
        assertTrue(skey.toString().contains("PeterNeumann") && !skey.toString().contains("AYEKF"));
    }

    @Test
    void generatedKeysRoundTrip() throws Exception {
        NoteSignerKey k = NoteSignerKey.generate("example.org/log");
        NoteSignerKey again = NoteSignerKey.parse(k.encode());
        assertEquals(k.verifierKey(), again.verifierKey());
        assertEquals(k.verifierKey(), NoteVerifierKey.parse(k.verifierKey().encode()));
        byte[] note = NoteSigner.sign("hello\n", k);
        assertEquals(1, SignedNote.parse(note).verify(List.of(again.verifierKey())).size());
    }

    @Test
    void splitsOnTheLastBlankLineAndIgnoresUnknownKeys() throws Exception {
        NoteSignerKey a = NoteSignerKey.generate("a");
        NoteSignerKey b = NoteSignerKey.generate("b");
        String text = "line one\n\nline three after a blank line\n";
        SignedNote note = SignedNote.parse(NoteSigner.sign(text, a, b));
        assertEquals(text, note.text());
        List<NoteSignature> ok = note.verify(List.of(b.verifierKey()));
        assertEquals(List.of("b"), ok.stream().map(NoteSignature::name).toList());
    }

    @Test
    void acceptsSixteenSignatures() throws Exception {
        List<NoteSignerKey> keys = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            keys.add(NoteSignerKey.generate("witness" + i));
        }
        SignedNote note = SignedNote.parse(NoteSigner.sign("checkpoint text\n", keys.toArray(NoteSignerKey[]::new)));
        assertEquals(16, note.signatures().size());
        assertEquals(16, note.verify(keys.stream().map(NoteSignerKey::verifierKey).toList()).size());
    }

    @Test
    void rejectsWhatTheSpecForbids() throws Exception {
        NoteSignerKey k = NoteSignerKey.generate("k");
        String good = new String(NoteSigner.sign("text\n", k), StandardCharsets.UTF_8);
        String sigLine = good.substring(good.indexOf('\u2014'));

        assertMessage("control character U+0009", () -> SignedNote.parse(utf8("te\txt\n\n" + sigLine)));
        assertMessage("control character U+007F", () -> SignedNote.parse(utf8("te\u007fxt\n\n" + sigLine)));
        assertMessage("control character U+0085", () -> SignedNote.parse(utf8("te\u0085xt\n\n" + sigLine)));
        assertMessage("control character U+000D", () -> SignedNote.parse(utf8("text\r\n\n" + sigLine)));
        assertMessage("no blank line", () -> SignedNote.parse(utf8("text\n" + sigLine)));
        assertMessage("does not end with a newline", () -> SignedNote.parse(utf8(good.substring(0, good.length() - 1))));
        assertMessage("no signature lines", () -> SignedNote.parse(utf8("text\n\n")));
        assertMessage("malformed line 3", () -> SignedNote.parse(utf8("text\n\n- k abc=\n")));
        assertMessage("malformed line 3", () -> SignedNote.parse(utf8("text\n\n\u2014 k !!!!\n")));
        assertMessage("not well-formed UTF-8", () -> SignedNote.parse(new byte[] {'a', (byte) 0xff, '\n', '\n'}));
        assertMessage("more than the 100", () -> SignedNote.parse(utf8("text\n\n" + sigLine.repeat(101))));
        assertMessage("end with a newline", () -> NoteSigner.sign("no newline", k));
        assertMessage("blank line", () -> NoteSigner.sign("ends with blank\n\n", k));
    }

    @Test
    void verificationFailsClosed() throws Exception {
        NoteSignerKey k = NoteSignerKey.generate("log");
        NoteSignerKey other = NoteSignerKey.generate("log");
        byte[] note = NoteSigner.sign("size 1\n", k);

        String tampered = new String(note, StandardCharsets.UTF_8).replace("size 1", "size 2");
        assertMessage("bad signature from trusted key log+", () -> SignedNote.parse(utf8(tampered)).verify(List.of(k.verifierKey())));
        assertMessage("no signature from a trusted key", () -> SignedNote.parse(note).verify(List.of(other.verifierKey())));
        assertMessage("no signature from a trusted key", () -> SignedNote.parse(note).verify(List.of()));
    }

    @Test
    void rekorStyleEcdsaNoteKeysVerify() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kp = g.generateKeyPair();
        NoteVerifierKey key = NoteVerifierKey.ecdsa("rekor.example", kp.getPublic());
        byte[] spkiHash = java.security.MessageDigest.getInstance("SHA-256").digest(kp.getPublic().getEncoded());
        assertEquals(NoteVerifierKey.first4(spkiHash), key.keyHash());
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(utf8("rekor.example - 1\n"));
        SignedNote note = new SignedNote("rekor.example - 1\n", List.of(new NoteSignature("rekor.example", key.keyHash(), s.sign())));
        assertEquals(1, SignedNote.parse(note.encode()).verify(List.of(key)).size());
        SignedNote forged = new SignedNote("rekor.example - 2\n", note.signatures());
        assertMessage("bad signature", () -> forged.verify(List.of(key)));
    }

    @Test
    void keyStringsAreValidated() {
        assertMessage("does not match the key",
                () -> NoteVerifierKey.parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
        byte[] type2 = new byte[33];
        type2[0] = 0x02;
        assertMessage("type 0x01", () -> NoteVerifierKey.parse("example.com/foo+530d903a+" + java.util.Base64.getEncoder().encodeToString(type2)));
        assertMessage("3 fields", () -> NoteVerifierKey.parse("example.com/foo+530d903a"));
        assertMessage("8 lowercase hex", () -> NoteVerifierKey.parse("n+XYZ+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
        assertMessage("PRIVATE+KEY+", () -> NoteSignerKey.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
        assertMessage("does not match the key",
                () -> NoteSignerKey.parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(NoteException.class, expected, action);
    }
}
