package dev.stagelight.publisher.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.dsse.DsseVerifier;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.keys.KeyAlgorithm;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.Pem;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.keys.SignatureVerifier;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    private static final byte[] DATA = "manifest bytes".getBytes(StandardCharsets.UTF_8);
    private static final PasswordSource HELLO = PasswordSource.environment("STAGELIGHT_KEY_PASSWORD", Map.of("STAGELIGHT_KEY_PASSWORD", "hello"));

    @TempDir
    Path dir;

    @Test
    void cosignEncryptedKeysDecryptWithTheRightPassword() throws Exception {
        for (String name : List.of("pemsigstorekey.pem", "pemcosignkey.pem")) {
            Path file = TestData.path("cosign-keys/" + name);
            Signer s = SigningKeys.load(file, HELLO);
            assertEquals(KeyAlgorithm.ECDSA_P256_SHA256, s.algorithm(), name);
            assertTrue(SignatureVerifier.verify(s.publicKey(), DATA, s.sign(DATA)), name);
            assertEquals(PublicKeys.keyId(s.publicKey()), s.keyId());

            Path pw = dir.resolve("pw-" + name);
            Files.writeString(pw, "hello\n");
            assertEquals(s.keyId(), SigningKeys.load(file, PasswordSource.file(pw)).keyId(), "password file, trailing newline dropped");
        }
    }

    @Test
    void wrongOrMissingPasswordIsAClearError() throws Exception {
        Path file = TestData.path("cosign-keys/pemsigstorekey.pem");
        PasswordSource wrong = PasswordSource.environment("PW", Map.of("PW", "hellO"));
        assertMessage(file + " (environment variable PW): wrong password", () -> SigningKeys.load(file, wrong));
        assertMessage("environment variable NOPE is not set", () -> SigningKeys.load(file, PasswordSource.environment("NOPE", Map.of())));
        assertMessage("no password source was given", () -> SigningKeys.load(file, PasswordSource.none()));
        assertMessage("cannot read the password file", () -> SigningKeys.load(file, PasswordSource.file(dir.resolve("missing"))));
    }

    @Test
    void tamperedCiphertextFailsAuthentication() throws Exception {
        String pem = Files.readString(TestData.path("cosign-keys/pemsigstorekey.pem"));
        Pem.Block b = Pem.parseAll(pem, "k").get(0);
        String json = new String(b.der(), StandardCharsets.UTF_8);
        String ct = json.replaceAll(".*\"ciphertext\":\"([^\"]+)\".*", "$1");
        char flipped = ct.charAt(10) == 'A' ? 'B' : 'A';
        Path file = dir.resolve("tampered.pem");
        Files.writeString(file, Pem.encode(b.label(), json.replace(ct, ct.substring(0, 10) + flipped + ct.substring(11)).getBytes(StandardCharsets.UTF_8)));
        assertMessage("authentication failed", () -> SigningKeys.load(file, HELLO));
    }

    @Test
    void pkcs8AndSec1KeysLoad() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        Path pkcs8 = dir.resolve("ec.pem");
        Files.writeString(pkcs8, Pem.encode("PRIVATE KEY", ec.getPrivate().getEncoded()));
        Signer s = SigningKeys.load(pkcs8, PasswordSource.none());
        assertEquals(PublicKeys.keyId(ec.getPublic()), s.keyId(), "public key derived from the private scalar");

        // SEC1 "EC PRIVATE KEY" is the inner structure of the PKCS#8 EC key.
        byte[] sec1 = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        Path sec1File = dir.resolve("ec-sec1.pem");
        Files.writeString(sec1File, Pem.encode("EC PRIVATE KEY", sec1));
        assertEquals(s.keyId(), SigningKeys.load(sec1File, PasswordSource.none()).keyId());

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path edFile = dir.resolve("ed.pem");
        Files.writeString(edFile, Pem.encode("PRIVATE KEY", ed.getPrivate().getEncoded()));
        Signer eds = SigningKeys.load(edFile, PasswordSource.none());
        assertEquals(KeyAlgorithm.ED25519, eds.algorithm());
        assertEquals(PublicKeys.keyId(ed.getPublic()), eds.keyId());
        assertTrue(SignatureVerifier.verify(ed.getPublic(), DATA, eds.sign(DATA)));
    }

    @Test
    void goNoteKeyFileSignsNotesAndData() throws Exception {
        String skey = "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";
        Path file = dir.resolve("note.key");
        Files.writeString(file, skey + "\n");
        NoteSignerKey nk = SigningKeys.loadNoteKey(file, PasswordSource.none(), "example.com/log/testdata");
        byte[] checkpoint = Files.readAllBytes(TestData.path("tessera-log/checkpoint"));
        assertArrayEquals(checkpoint, NoteSigner.sign(SignedNote.parse(checkpoint).text(), nk));
        assertMessage("named \"example.com/log/testdata\", but the log needs \"other\"",
                () -> SigningKeys.loadNoteKey(file, PasswordSource.none(), "other"));

        Signer s = SigningKeys.load(file, PasswordSource.none());
        assertEquals(KeyAlgorithm.ED25519, s.algorithm());
        assertArrayEquals(nk.signRaw(DATA), s.sign(DATA), "same Ed25519 key either way");
    }

    @Test
    void generatedKeyIsPrivateAndServesBothUses() throws Exception {
        Path file = dir.resolve("keys/publisher.pem");
        Signer s = SigningKeys.generateEd25519(file);
        assertEquals(s.keyId(), SigningKeys.load(file, PasswordSource.none()).keyId());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        }
        NoteSignerKey nk = SigningKeys.loadNoteKey(file, PasswordSource.none(), "stagelight.example/index");
        assertEquals(1, SignedNote.parse(NoteSigner.sign("x\n", nk)).verify(List.of(nk.verifierKey())).size());
        assertMessage("a key file already exists", () -> SigningKeys.generateEd25519(file));
        assertMessage("carries no note key name", () -> SigningKeys.loadNoteKey(file, PasswordSource.none(), null));

        Envelope env = DsseSigner.sign(DATA, Envelope.IN_TOTO_PAYLOAD_TYPE, s);
        assertEquals(s.keyId(), env.signatures().get(0).keyid());
        assertEquals(s.keyId(), DsseVerifier.verify(Envelope.parse(env.toJson(), "env.json"), List.of(s.publicKey())).get(0).keyId());
    }

    @Test
    void badKeyFilesNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertMessage(missing + ": cannot read the key file", () -> SigningKeys.load(missing, PasswordSource.none()));
        Path pub = dir.resolve("pub.pem");
        Files.writeString(pub, PublicKeys.toPem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
        assertMessage(pub + ": PEM block is \"PUBLIC KEY\"", () -> SigningKeys.load(pub, PasswordSource.none()));
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        Path big = dir.resolve("p384.pem");
        Files.writeString(big, Pem.encode("PRIVATE KEY", p384.generateKeyPair().getPrivate().getEncoded()));
        assertMessage(big + ": EC private key is not on curve P-256", () -> SigningKeys.load(big, PasswordSource.none()));
        Path cosign = TestData.path("cosign-keys/pemsigstorekey.pem");
        assertMessage("checkpoints are signed with Ed25519", () -> SigningKeys.loadNoteKey(cosign, HELLO, "log"));
        Path badNote = dir.resolve("bad.key");
        Files.writeString(badNote, "PRIVATE+KEY+log+00000000+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg");
        assertMessage(badNote + ": note signer key log: key hash 00000000 does not match", () -> SigningKeys.load(badNote, PasswordSource.none()));
        assertFalse(SigningKeys.load(cosign, HELLO).toString().contains("PRIVATE"));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(KeyException.class, expected, action);
    }
}
