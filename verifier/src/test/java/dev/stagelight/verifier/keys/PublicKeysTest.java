package dev.stagelight.verifier.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PublicKeysTest {
    static KeyPair ecP256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static byte[] sign(KeyPair kp, String alg, byte[] data) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(kp.getPrivate());
        s.update(data);
        return s.sign();
    }

    @Test
    void keyIdIsTheSha256OfTheSpkiAsRekorLogIdsAre() throws Exception {
        // Sigstore's trusted root names each log by SHA-256 of its SPKI DER key: a public known answer for keyId.
        JsonNode tlog = new ObjectMapper().readTree(Files.readAllBytes(TestData.path("sigstore-java/trustroot/trusted_root.json")))
                .get("tlogs").get(0);
        byte[] der = Base64.getDecoder().decode(tlog.at("/publicKey/rawBytes").asText());
        PublicKey rekor = PublicKeys.parsePem(PublicKeys.toPem(PublicKeys.parseSpki(der, "rekor")), "rekor.pem");
        String expected = HexFormat.of().formatHex(Base64.getDecoder().decode(tlog.at("/logId/keyId").asText()));
        assertEquals(expected, PublicKeys.keyId(rekor));
        assertEquals(KeyAlgorithm.ECDSA_P256_SHA256, PublicKeys.algorithm(rekor));
    }

    @Test
    void ecdsaAndEd25519SignaturesVerify() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        KeyPair ec = ecP256();
        KeyPair ed = ed25519();
        PublicKey ecPub = PublicKeys.parsePem(PublicKeys.toPem(ec.getPublic()), "ec.pem");
        PublicKey edPub = PublicKeys.parsePem(PublicKeys.toPem(ed.getPublic()), "ed.pem");
        assertEquals(KeyAlgorithm.ED25519, PublicKeys.algorithm(edPub));
        byte[] ecSig = sign(ec, "SHA256withECDSA", data);
        byte[] edSig = sign(ed, "Ed25519", data);
        assertTrue(SignatureVerifier.verify(ecPub, data, ecSig));
        assertTrue(SignatureVerifier.verify(edPub, data, edSig));

        byte[] other = "payloae".getBytes(StandardCharsets.UTF_8);
        assertFalse(SignatureVerifier.verify(ecPub, other, ecSig));
        assertFalse(SignatureVerifier.verify(edPub, other, edSig));
        assertFalse(SignatureVerifier.verify(ecPub, data, new byte[] {0x30, 0x01, 0x00}), "malformed DER is just invalid");
        assertFalse(SignatureVerifier.verify(edPub, data, new byte[10]));
        assertFalse(SignatureVerifier.verify(ecP256().getPublic(), data, ecSig), "another key");
    }

    @Test
    void errorsNameTheSourceAndWhatWasExpected() throws Exception {
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertMessage("k.pem: EC public key is not on curve P-256", () -> PublicKeys.parsePem(PublicKeys.toPem(p384.generateKeyPair().getPublic()), "k.pem"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertMessage("k.pem: unsupported public key algorithm 1.2.840.113549.1.1.1",
                () -> PublicKeys.parsePem(PublicKeys.toPem(rsa.generateKeyPair().getPublic()), "k.pem"));
        assertMessage("k.pem: expected exactly one PEM block (PUBLIC KEY), found 0", () -> PublicKeys.parsePem("hello", "k.pem"));
        assertMessage("k.pem: PEM block is \"PRIVATE KEY\"", () -> PublicKeys.parsePem(Pem.encode("PRIVATE KEY", new byte[] {1}), "k.pem"));
        assertMessage("k.pem: line 1: PEM block PUBLIC KEY has no", () -> PublicKeys.parsePem("-----BEGIN PUBLIC KEY-----\nAAAA\n", "k.pem"));
        assertMessage("k.pem: line 1: PEM block PUBLIC KEY is not valid base64",
                () -> PublicKeys.parsePem("-----BEGIN PUBLIC KEY-----\n*&^\n-----END PUBLIC KEY-----\n", "k.pem"));
        assertMessage("k.pem: not a DER SubjectPublicKeyInfo", () -> PublicKeys.parsePem(Pem.encode("PUBLIC KEY", new byte[] {1, 2, 3}), "k.pem"));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(KeyException.class, expected, action);
    }
}
