package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.artifactDigest;
import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.bundle;
import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.production;
import static dev.stagelight.verifier.sigstore.SigstoreBundleVerifierTest.staging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.keys.PublicKeys;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own checks where sigstore-java 2.0.0 accepts too much, on the real bundles and trusted roots of the test data:
 * the claimed integrated time against now, trusted-root validity windows (start required, end inclusive, end in the
 * past), and Rekor v2 public-key bundles whose only time is an RFC 3161 timestamp.
 */
class OwnChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** bundle.v3_1.sigstore: Rekor v1 log wNI9… integrated it at this instant. */
    private static final Instant INTEGRATED = Instant.parse("2023-10-11T14:28:04Z");
    private static final String REKOR_V1_LOG = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        SigstoreBundleVerifierTest.load();
    }

    @Test
    void anIntegratedTimeInTheFutureIsRefused() throws Exception {
        SigstoreBundleVerifier before = production.withClock(Clock.fixed(INTEGRATED.minusSeconds(3600), ZoneOffset.UTC));
        assertMessage("/integratedTime: 2023-10-11T14:28:04Z lies in the future", () -> before.verify(bundle("bundle.v3_1.sigstore"), artifactDigest));
        // Within the minute of clock skew allowed, and any time later, it verifies.
        production.withClock(Clock.fixed(INTEGRATED.minusSeconds(30), ZoneOffset.UTC)).verify(bundle("bundle.v3_1.sigstore"), artifactDigest);
        production.withClock(Clock.fixed(INTEGRATED.plusSeconds(1), ZoneOffset.UTC)).verify(bundle("bundle.v3_1.sigstore"), artifactDigest);
    }

    @Test
    void aTrustedRootWindowWithoutAStartIsRefused() throws Exception {
        for (String list : List.of("tlogs", "ctlogs", "certificateAuthorities", "timestampAuthorities")) {
            ObjectNode root = productionRoot();
            ObjectNode first = (ObjectNode) root.get(list).get(0);
            ObjectNode validFor = (ObjectNode) (first.has("publicKey") ? first.get("publicKey").get("validFor") : first.get("validFor"));
            validFor.remove("start");
            Path file = write(root, "no-start-" + list + ".json");
            String at = list.endsWith("logs") ? "/" + list + "/0/publicKey/validFor/start: missing" : "/" + list + "/0/validFor/start: missing";
            assertMessage(file + ": not a usable Sigstore trusted root: " + at, () -> SigstoreBundleVerifier.fromTrustedRoot(file));
        }
    }

    @Test
    void aLogKeyWhoseWindowEndedStillVouchesForWhatItSignedBefore() throws Exception {
        // The end is inclusive: a key retired exactly at the integration time still vouches for the entry.
        SigstoreBundleVerifier atEnd = SigstoreBundleVerifier.fromTrustedRoot(write(withLogEnd(INTEGRATED), "end-at.json"));
        assertEquals(41958702L, atEnd.verify(bundle("bundle.v3_1.sigstore"), artifactDigest).logIndex());
        SigstoreBundleVerifier ended = SigstoreBundleVerifier.fromTrustedRoot(write(withLogEnd(INTEGRATED.minusSeconds(1)), "end-before.json"));
        SigstoreException e = org.junit.jupiter.api.Assertions.assertThrows(SigstoreException.class,
                () -> ended.verify(bundle("bundle.v3_1.sigstore"), artifactDigest));
        assertTrue(e.getMessage().contains("outside the validity") || e.getMessage().contains("log"), e.getMessage());
    }

    @Test
    void rekorV2PublicKeyBundlesTakeTheirTimeFromTheTimestamp() throws Exception {
        Path withTimestamp = tmp.resolve("v2-key.sigstore");
        PublicKey key = asPublicKeyBundle("bundle-with-rekor-v2-entry.sigstore", withTimestamp, false);
        BundleVerification v = staging.withPublicKeys(List.of(key)).verify(withTimestamp, artifactDigest);
        assertTrue(v.rekorV2());
        assertEquals(4423L, v.logIndex());

        Path noTimestamp = tmp.resolve("v2-key-no-timestamp.sigstore");
        asPublicKeyBundle("bundle-with-rekor-v2-entry.sigstore", noTimestamp, true);
        assertMessage("no verified signing time", () -> staging.withPublicKeys(List.of(key)).verify(noTimestamp, artifactDigest));

        // A timestamp over another signature (here: the DSSE bundle's) does not vouch for this one.
        Path foreign = tmp.resolve("v2-key-foreign-timestamp.sigstore");
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(withTimestamp));
        ObjectNode other = (ObjectNode) JSON.readTree(Files.readAllBytes(bundle("bundle-with-timestamp.sigstore")));
        ((ObjectNode) root.get("verificationMaterial")).set("timestampVerificationData", other.at("/verificationMaterial/timestampVerificationData"));
        Files.write(foreign, JSON.writeValueAsBytes(root));
        assertMessage("RFC 3161 timestamp does not verify", () -> staging.withPublicKeys(List.of(key)).verify(foreign, artifactDigest));
    }

    private ObjectNode productionRoot() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readAllBytes(SigstoreBundleVerifierTest.dir.resolve("trustroot/trusted_root.json")));
    }

    private ObjectNode withLogEnd(Instant end) throws Exception {
        ObjectNode root = productionRoot();
        for (var log : (ArrayNode) root.get("tlogs")) {
            String id = java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(log.at("/logId/keyId").asText()));
            if (id.equals(REKOR_V1_LOG)) {
                ((ObjectNode) log.at("/publicKey/validFor")).put("end", end.toString());
            }
        }
        return root;
    }

    private Path write(ObjectNode json, String name) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, JSON.writeValueAsBytes(json));
        return p;
    }

    private PublicKey asPublicKeyBundle(String name, Path out, boolean dropTimestamps) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(bundle(name)));
        ObjectNode vm = (ObjectNode) root.get("verificationMaterial");
        String certB64 = vm.has("certificate") ? vm.at("/certificate/rawBytes").asText()
                : vm.at("/x509CertificateChain/certificates/0/rawBytes").asText();
        PublicKey key = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certB64))).getPublicKey();
        vm.remove("certificate");
        vm.remove("x509CertificateChain");
        vm.putObject("publicKey").put("hint", PublicKeys.keyId(key));
        if (dropTimestamps) {
            vm.remove("timestampVerificationData");
        }
        Files.write(out, JSON.writeValueAsBytes(root));
        return key;
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(SigstoreException.class, expected, action);
    }
}
