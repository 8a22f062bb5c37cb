package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.IDENTITY;
import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.ISSUER;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.sigstore.fixtures.Pki;
import dev.stagelight.verifier.sigstore.fixtures.TestBundle;
import dev.stagelight.verifier.sigstore.fixtures.TestSigstore;
import dev.stagelight.verifier.sigstore.fixtures.TestTrustedRoot.Section;
import dev.stagelight.verifier.sigstore.fixtures.VerifyBundleCli;
import dev.stagelight.verifier.sigstore.fixtures.VerifyBundleCli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rekor v2 bundles (hashedrekord and dsse 0.0.2) made in the test: the entry has no integrated time, so the only time
 * that bounds the signature is an RFC 3161 timestamp of the test's own TSA, which must lie in the TSA's window.
 */
class SelfMadeRekorV2BundlesTest {
    @TempDir
    Path tmp;

    TestSigstore sigstore;
    Path artifact;
    Path root;
    Instant signedAt;

    @BeforeEach
    void setUp() throws Exception {
        sigstore = new TestSigstore();
        artifact = Files.writeString(tmp.resolve("release.tar"), "the release, byte for byte\n");
        root = sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
        signedAt = sigstore.now.minus(Duration.ofMinutes(5));
    }

    private TestBundle hashedRekord() throws Exception {
        return TestBundle.messageSignature(Files.readAllBytes(artifact), sigstore.signer(signedAt.minusSeconds(60)))
                .loggedIn(sigstore.rekorV2, signedAt);
    }

    private TestBundle dsse() throws Exception {
        return TestBundle.dsse(TestBundle.statement("release.tar", Pki.sha256(Files.readAllBytes(artifact))),
                sigstore.signer(signedAt.minusSeconds(60))).loggedIn(sigstore.rekorV2, signedAt);
    }

    private Run verify(Path bundle, Path trustedRoot) {
        return VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", IDENTITY,
                "--certificate-oidc-issuer", ISSUER, "--trusted-root", trustedRoot.toString(), artifact.toString());
    }

    @Test
    void hashedRekordAndDsseEntriesTimedByTheTsaVerify() throws Exception {
        Run h = verify(hashedRekord().timestampedBy(sigstore.tsa, signedAt).write(tmp.resolve("h.sigstore.json")), root).verified();
        assertTrue(h.out().contains("(Rekor v2)") && !h.out().contains("integrated"), h::toString);
        Run d = verify(dsse().timestampedBy(sigstore.tsa, signedAt).write(tmp.resolve("d.sigstore.json")), root).verified();
        assertTrue(d.out().contains("(Rekor v2)"), d::toString);
    }

    @Test
    void withoutATimestampNothingBoundsTheSignatureAndItIsRefused() throws Exception {
        verify(hashedRekord().write(tmp.resolve("h.sigstore.json")), root)
                .refused("no verified signing time: the bundle has neither a signed entry timestamp with an integrated time nor an"
                        + " RFC 3161 timestamp (Rekor v2 entries need a timestamp)");
        verify(dsse().write(tmp.resolve("d.sigstore.json")), root).refused("(Rekor v2 entries need a timestamp)");
    }

    @Test
    void aTimestampOutsideTheTsasWindowIsRefused() throws Exception {
        Path h = hashedRekord().timestampedBy(sigstore.tsa, signedAt).write(tmp.resolve("h.sigstore.json"));
        Path d = dsse().timestampedBy(sigstore.tsa, signedAt).write(tmp.resolve("d.sigstore.json"));
        String reason = "Timestamp generation time is not within TSA's validity period";
        // Retired a second before the timestamp was made ...
        Path ended = sigstore.trustedRoot().window(Section.TIMESTAMP_AUTHORITIES, 0, sigstore.trustedSince, signedAt.minusSeconds(1))
                .write(tmp.resolve("tsa-ended.json"));
        verify(h, ended).refused(reason);
        verify(d, ended).refused(reason);
        // ... or trusted only from a second after it.
        Path notYet = sigstore.trustedRoot().window(Section.TIMESTAMP_AUTHORITIES, 0, signedAt.plusSeconds(1), null)
                .write(tmp.resolve("tsa-not-yet.json"));
        verify(h, notYet).refused(reason);
        // An end in the past that the timestamp precedes still vouches for it (the window is closed, the end inclusive).
        Path retiredSince = sigstore.trustedRoot().window(Section.TIMESTAMP_AUTHORITIES, 0, sigstore.trustedSince, signedAt)
                .write(tmp.resolve("tsa-retired.json"));
        verify(h, retiredSince).verified();
    }

    @Test
    void aTimestampOutsideTheCertificatesValidityIsRefused() throws Exception {
        Path h = hashedRekord().timestampedBy(sigstore.tsa, signedAt.plus(Duration.ofMinutes(20))).write(tmp.resolve("late.sigstore.json"));
        Instant issued = signedAt.minusSeconds(60);
        verify(h, root).refused("an RFC 3161 timestamp lies outside the signing certificate's validity [" + issued + ", "
                + issued.plus(Duration.ofMinutes(10)) + "] (RFC3161 timestamp verification failed: NotAfter: ");
    }

    @Test
    void aTimestampOverAnotherSignatureIsRefused() throws Exception {
        // The TSA vouches for the DSSE bundle's signature; grafted onto the hashedrekord bundle it vouches for nothing.
        TestBundle other = dsse().timestampedBy(sigstore.tsa, signedAt);
        var json = hashedRekord().json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("verificationMaterial"))
                .set("timestampVerificationData", other.json().at("/verificationMaterial/timestampVerificationData"));
        Path grafted = Files.write(tmp.resolve("grafted.sigstore.json"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(json));
        verify(grafted, root).refused("Timestamp message imprint digest does not match artifact hash");
    }
}
