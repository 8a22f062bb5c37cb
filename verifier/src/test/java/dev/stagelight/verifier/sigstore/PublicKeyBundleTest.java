package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.artifactDigest;
import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.bundle;
import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.production;
import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.staging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.keys.PublicKeys;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles whose verification material is a plain public key, which sigstore-java refuses. No such bundle ships with
 * the test data, so each test turns a real certificate bundle into one: the certificate is replaced by a public-key
 * hint and its key becomes the configured key. The Rekor entry stays real, so its SET, inclusion proof and signed
 * checkpoint are genuine production or staging data (the log entry then names a certificate, whose key we compare).
 */
class PublicKeyBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        SigstoreBundleVerifierTest.load();
    }

    /** Rewrites a certificate bundle as a public-key bundle; returns the certificate's key. */
    private PublicKey asPublicKeyBundle(String name, Path out) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(bundle(name)));
        ObjectNode vm = (ObjectNode) root.get("verificationMaterial");
        String certB64 = vm.has("certificate") ? vm.at("/certificate/rawBytes").asText()
                : vm.at("/x509CertificateChain/certificates/0/rawBytes").asText();
        PublicKey key = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certB64))).getPublicKey();
        vm.remove("certificate");
        vm.remove("x509CertificateChain");
        vm.putObject("publicKey").put("hint", PublicKeys.keyId(key));
        Files.write(out, JSON.writeValueAsBytes(root));
        return key;
    }

    @Test
    void sigstoreJavaRefusesPublicKeyBundlesButWeVerifyThem() throws Exception {
        Path b = tmp.resolve("pk.sigstore");
        PublicKey key = asPublicKeyBundle("bundle.v3_1.sigstore", b);
        assertMessage("configure the trusted public key", () -> production.verify(b, artifactDigest));
        var refused = assertThrows(dev.sigstore.bundle.BundleParseException.class,
                () -> dev.sigstore.bundle.Bundle.from(b, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("Plain public keys are not supported by this client", refused.getMessage());

        BundleVerification v = production.withPublicKeys(List.of(key)).verify(b, artifactDigest);
        assertEquals(production.verify(bundle("bundle.v3_1.sigstore"), artifactDigest).logIndex(), v.logIndex());
        assertEquals("562d1cd3dc4448eb863acf394d98232f4a4257141a171ad7d602ce9ed6d00040", v.uuid());
        assertEquals("public key " + PublicKeys.keyId(key), v.signer());
    }

    @Test
    void everyEntryKindVerifies() throws Exception {
        record Case(String bundle, SigstoreBundleVerifier root, long logIndex) {}
        for (Case c : List.of(new Case("bundle.sigstore", production, 41958702L), new Case("bundle.dsse.sigstore", production, 150322684L),
                new Case("bundle-with-rekor-v2-entry.sigstore", staging, 4423L), new Case("bundle.dsse.rekor-v2.sigstore", staging, 6883L))) {
            Path b = tmp.resolve("pk-" + c.bundle());
            PublicKey key = asPublicKeyBundle(c.bundle(), b);
            BundleVerification v = c.root().withPublicKeys(List.of(key)).verify(b, artifactDigest);
            assertEquals(c.logIndex(), v.logIndex(), c.bundle());
            assertEquals(c.bundle().contains("dsse"), v.envelope().isPresent(), c.bundle());
        }
    }

    @Test
    void forgeriesAndWrongKeysFail() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey stranger = g.generateKeyPair().getPublic();

        Path good = tmp.resolve("good.sigstore");
        PublicKey key = asPublicKeyBundle("bundle.v3_1.sigstore", good);
        assertMessage("does not verify with any configured public key", () -> production.withPublicKeys(List.of(stranger)).verify(good, artifactDigest));
        byte[] other = artifactDigest.clone();
        other[31] ^= 1;
        assertMessage("/messageSignature/messageDigest/digest: does not match", () -> production.withPublicKeys(List.of(key)).verify(good, other));
        assertMessage("transparency log entry does not verify", () -> staging.withPublicKeys(List.of(key)).verify(good, artifactDigest));

        // Real invalid bundles, converted: each must still fail for its own reason.
        record Broken(String bundle, SigstoreBundleVerifier root, String reason) {}
        for (Broken c : List.of(
                new Broken("bundle-with-bad-checkpoint-signature.sigstore", production, "checkpoint/envelope: no signature by the log's key"),
                new Broken("bundle-with-mismatched-set.sigstore", production, "signedEntryTimestamp: does not verify with the log's key"),
                new Broken("bundle-with-wrong-tlog-entry.sigstore", production, "log entry"),
                new Broken("bundle.dsse.bad-signature.sigstore", production, "no signature verifies with a trusted key"),
                new Broken("bundle.dsse.mismatched-envelope.sigstore", production, "different DSSE payload digest"),
                new Broken("bundle.dsse.rekor-v2.mismatched-signature.sigstore", staging, "does not record the bundle's signature"))) {
            Path b = tmp.resolve("pk-" + c.bundle());
            PublicKey k = asPublicKeyBundle(c.bundle(), b);
            assertMessage(c.reason(), () -> c.root().withPublicKeys(List.of(k)).verify(b, artifactDigest));
        }
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(SigstoreException.class, expected, action);
    }
}
