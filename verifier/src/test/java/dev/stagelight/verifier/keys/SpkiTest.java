package dev.stagelight.verifier.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** The small SPKI reader names the algorithm as BouncyCastle's ASN.1 reader does, and refuses malformed DER. */
class SpkiTest {
    @Test
    void readsTheAlgorithmsOfRealKeys() throws Exception {
        for (String[] k : new String[][] {{"Ed25519", null}, {"EC", "secp256r1"}, {"EC", "secp384r1"}, {"RSA", null},
                {"X25519", null}}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(k[0]);
            if (k[1] != null) {
                g.initialize(new ECGenParameterSpec(k[1]));
            } else if (k[0].equals("RSA")) {
                g.initialize(2048);
            }
            byte[] der = g.generateKeyPair().getPublic().getEncoded();
            SubjectPublicKeyInfo bc = SubjectPublicKeyInfo.getInstance(der);
            Spki ours = Spki.parse(der);
            assertEquals(bc.getAlgorithm().getAlgorithm().getId(), ours.algorithm(), k[0]);
            if (k[1] != null) {
                assertEquals(bc.getAlgorithm().getParameters().toString(), ours.parameters(), k[1]);
            }
        }
    }

    @Test
    void keepsTheKeyMessages() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyException e = assertThrows(KeyException.class,
                () -> PublicKeys.parseSpki(rsa.generateKeyPair().getPublic().getEncoded(), "k.der"));
        assertEquals("k.der: unsupported public key algorithm 1.2.840.113549.1.1.1 (expected ECDSA P-256 or Ed25519)",
                e.getMessage());
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        e = assertThrows(KeyException.class,
                () -> PublicKeys.parseSpki(p384.generateKeyPair().getPublic().getEncoded(), "k.der"));
        assertEquals("k.der: EC public key is not on curve P-256 (secp256r1); parameters 1.3.132.0.34", e.getMessage());
        PublicKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        assertArrayEquals(ed.getEncoded(), PublicKeys.parseSpki(ed.getEncoded(), "k.der").getEncoded());
    }

    @Test
    void refusesMalformedDer() throws Exception {
        byte[] ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        byte[][] bad = {
            Arrays.copyOf(ed, ed.length - 1),              // truncated
            Arrays.copyOf(ed, ed.length + 1),              // trailing byte
            {0x31, 0x00},                                  // a SET, not a SEQUENCE
            {0x30, (byte) 0x81, 0x05, 0x30, 0x00, 0x03, 0x01, 0x00}, // non-minimal length
            {0x30, 0x07, 0x30, 0x03, 0x06, 0x01, (byte) 0x80, 0x03, 0x00}, // unterminated OID arc
        };
        for (byte[] b : bad) {
            KeyException e = assertThrows(KeyException.class, () -> PublicKeys.parseSpki(b, "k.der"));
            assertTrue(e.getMessage().startsWith("k.der: not a DER SubjectPublicKeyInfo: "), e.getMessage());
        }
        assertEquals("k.der: empty public key",
                assertThrows(KeyException.class, () -> PublicKeys.parseSpki(new byte[0], "k.der")).getMessage());
    }
}
