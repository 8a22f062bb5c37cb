package dev.stagelight.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Sigstore bundles (production and staging), verified offline against the trusted roots shipped with them. */
class SigstoreBundleVerifierTest {
    static Path dir;
    static byte[] artifactDigest;
    static SigstoreBundleVerifier production;
    static SigstoreBundleVerifier staging;

    @BeforeAll
    static void load() throws Exception {
        dir = TestData.path("sigstore-java");
        artifactDigest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("bundles/artifact.txt")));
        production = SigstoreBundleVerifier.fromTrustedRoot(dir.resolve("trustroot/trusted_root.json"));
        staging = SigstoreBundleVerifier.fromTrustedRoot(dir.resolve("trustroot/staging_trusted_root.json"));
    }

    static Path bundle(String name) {
        return dir.resolve("bundles/" + name);
    }

    @Test
    void productionMessageSignatureBundlesOfEveryVersionVerify() throws Exception {
        for (String name : new String[] {"bundle.sigstore", "bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore",
                "bundle.v3_1.sigstore", "bundle-no-digest.sigstore"}) {
            BundleVerification v = production.verify(bundle(name), artifactDigest);
            assertEquals(41958702L, v.logIndex(), name);
            assertEquals("562d1cd3dc4448eb863acf394d98232f4a4257141a171ad7d602ce9ed6d00040", v.uuid(), name);
            // Tree 2605736670972794746 = 0x24296fb24b8ad77a, the prefix of Rekor's entry IDs for that shard.
            assertEquals(Optional.of("24296fb24b8ad77a" + v.uuid()), v.entryId(), name);
            assertEquals("c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d", v.logId());
            assertEquals(Optional.of(Instant.parse("2023-10-11T14:28:04Z")), v.integratedTime());
            assertFalse(v.rekorV2());
            assertTrue(v.signer().contains("@"), v.signer());
            assertTrue(v.envelope().isEmpty());
        }
    }

    /** Fulcio certificates live ten minutes; these expired in 2023, so validity must be judged at integration time. */
    @Test
    void expiredCertificatesVerifyAtTheTimeTheLogIntegratedThem() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllBytes(bundle("bundle.v3_1.sigstore")));
        var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(json.at("/verificationMaterial/certificate/rawBytes").asText())));
        Instant integrated = production.verify(bundle("bundle.v3_1.sigstore"), artifactDigest).integratedTime().orElseThrow();
        assertTrue(cert.getNotAfter().toInstant().isBefore(Instant.parse("2024-01-01T00:00:00Z")), "certificate long expired");
        assertFalse(integrated.isBefore(cert.getNotBefore().toInstant()) || integrated.isAfter(cert.getNotAfter().toInstant()),
                "integrated within the certificate's validity");
    }

    @Test
    void dsseBundlesVerifyOnRekorV1AndV2() throws Exception {
        BundleVerification v1 = production.verifyDsse(bundle("bundle.dsse.sigstore"));
        assertEquals(150322684L, v1.logIndex());
        assertEquals("application/vnd.in-toto+json", v1.envelope().orElseThrow().payloadType());
        assertEquals(v1, production.verify(bundle("bundle.dsse.sigstore"), artifactDigest));

        BundleVerification v2 = staging.verifyDsse(bundle("bundle.dsse.rekor-v2.sigstore"));
        assertTrue(v2.rekorV2());
        assertEquals(6883L, v2.logIndex());
        assertEquals(Optional.empty(), v2.integratedTime());
        assertEquals(Optional.empty(), v2.entryId());
    }

    @Test
    void bundleBytesFromElsewhereVerifyTheSameWay() throws Exception {
        byte[] dsse = Files.readAllBytes(bundle("bundle.dsse.sigstore"));
        BundleVerification v = production.verifyDsse(dsse, "https://index.example/manifests/x.sigstore.json");
        assertEquals(production.verifyDsse(bundle("bundle.dsse.sigstore")), v);
        assertEquals(v.envelope().orElseThrow(), SigstoreBundleVerifier.readEnvelope(dsse, "x"));
        byte[] bad = Files.readAllBytes(bundle("bundle.dsse.bad-signature.sigstore"));
        assertMessage("https://index.example/bad.json: verification failed", () -> production.verifyDsse(bad, "https://index.example/bad.json"));
        assertMessage("x: not a valid Sigstore bundle", () -> production.verify("{}".getBytes(), "x", artifactDigest));
    }

    @Test
    void stagingBundlesWithTimestampsAndRekorV2Verify() throws Exception {
        BundleVerification tsa = staging.verify(bundle("bundle-with-timestamp.sigstore"), artifactDigest);
        assertEquals(42526129L, tsa.logIndex());
        BundleVerification v2 = staging.verify(bundle("bundle-with-rekor-v2-entry.sigstore"), artifactDigest);
        assertTrue(v2.rekorV2());
        assertEquals(4423L, v2.logIndex());
        assertEquals("f30d5a999d92e662484244263f174cb8eacbfe8264bc583d32741799e3825dc9", v2.logId());
    }

    @Test
    void invalidBundlesFailWithASpecificReason() {
        Map<String, String> production = Map.of(
                "bundle-with-bad-checkpoint-signature.sigstore", "Checkpoint signature was invalid",
                "bundle-with-mismatched-set.sigstore", "Entry SET was not valid",
                "bundle-with-wrong-tlog-entry.sigstore", "inconsistent with log entry",
                "bundle.dsse.bad-signature.sigstore", "DSSE signature was not valid",
                "bundle.dsse.mismatched-envelope.sigstore", "Digest of DSSE payload in bundle does not match",
                "bundle.dsse.mismatched-signature.sigstore", "DSSE signature materials are inconsistent",
                "bundle.v1.no.inclusion.sigstore", "Could not find an inclusion proof",
                "bundle.v2.no.inclusion.sigstore", "Could not find an inclusion proof",
                "bundle.v3.no.inclusion.sigstore", "Could not find an inclusion proof",
                "bundle.v3_1.no.inclusion.sigstore", "Could not find an inclusion proof");
        production.forEach((name, reason) -> assertFails(SigstoreBundleVerifierTest.production, name, reason));
        Map<String, String> staging = Map.of(
                "bundle.dsse.rekor-v2.bad-signature.sigstore", "DSSE signature was not valid",
                "bundle.dsse.rekor-v2.mismatched-payload.sigstore", "Digest of DSSE payload in bundle does not match",
                "bundle.dsse.rekor-v2.mismatched-signature.sigstore", "Signature in DSSE envelope does not match");
        staging.forEach((name, reason) -> assertFails(SigstoreBundleVerifierTest.staging, name, reason));
    }

    @Test
    void certificateIdentityIsEnforcedWhenConfigured() throws Exception {
        String workflow = "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main";
        String actions = "https://token.actions.githubusercontent.com";
        assertEquals(workflow, production.withIdentity(workflow, actions).verifyDsse(bundle("bundle.dsse.sigstore")).signer());
        production.withIdentityMatching("https://github\\.com/loosebazooka/.*", actions).verifyDsse(bundle("bundle.dsse.sigstore"));
        production.withIdentity("nobody@example.com", "https://accounts.google.com").withIdentity("appu@google.com", "https://accounts.google.com")
                .verify(bundle("bundle.v3_1.sigstore"), artifactDigest);

        assertMessage("No provided certificate identities matched", () ->
                production.withIdentity(workflow, "https://accounts.google.com").verifyDsse(bundle("bundle.dsse.sigstore")));
        assertMessage("No provided certificate identities matched", () ->
                production.withIdentity("appu@google.com", actions).verify(bundle("bundle.v3_1.sigstore"), artifactDigest));
        assertMessage("certificate identity pattern", () -> production.withIdentityMatching("(", actions));
    }

    @Test
    void theWrongTrustRootOrArtifactFails() {
        assertFails(staging, "bundle.sigstore", "Fulcio certificate was not valid");
        assertFails(production, "bundle-with-rekor-v2-entry.sigstore", "Fulcio certificate was not valid");
        byte[] other = artifactDigest.clone();
        other[0] ^= 1;
        SigstoreException e = assertThrows(SigstoreException.class, () -> production.verify(bundle("bundle.v3_1.sigstore"), other));
        assertTrue(e.getMessage().contains("digest"), e.getMessage());
    }

    @Test
    void unreadableInputsNameTheFile() throws Exception {
        Path missing = dir.resolve("bundles/none.sigstore");
        assertMessage(missing + ": cannot read the bundle", () -> production.verify(missing, artifactDigest));
        Path root = dir.resolve("bundles/artifact.txt");
        assertMessage(root + ": not a usable Sigstore trusted root", () -> SigstoreBundleVerifier.fromTrustedRoot(root));
        assertMessage(root + ": malformed JSON at line 1", () -> production.verify(root, artifactDigest));
        assertMessage("/dsseEnvelope: missing", () -> production.verifyDsse(bundle("bundle.sigstore")));
    }

    static void assertFails(SigstoreBundleVerifier verifier, String name, String reason) {
        SigstoreException e = assertThrows(SigstoreException.class, () -> verifier.verify(bundle(name), artifactDigest), name);
        assertTrue(e.getMessage().startsWith(bundle(name).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> name + ": expected \"" + reason + "\" in: " + e.getMessage());
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(SigstoreException.class, expected, action);
    }
}
