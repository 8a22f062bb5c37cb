package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.IDENTITY;
import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.ISSUER;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.sigstore.fixtures.TestBundle;
import dev.stagelight.verifier.sigstore.fixtures.TestRekor;
import dev.stagelight.verifier.sigstore.fixtures.TestSigstore;
import dev.stagelight.verifier.sigstore.fixtures.VerifyBundleCli;
import dev.stagelight.verifier.sigstore.fixtures.VerifyBundleCli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hashedrekord v0.0.1 bundles with a Fulcio certificate, made in the test by its own Fulcio, Rekor v1 log and trusted
 * root, verified by {@code sigstore verify-bundle}: identity, issuer, artifact and the times that bound a signature.
 */
class SelfMadeCertificateBundlesTest {
    @TempDir
    Path tmp;

    TestSigstore sigstore;
    Path artifact;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        sigstore = new TestSigstore();
        artifact = Files.writeString(tmp.resolve("release.tar"), "the release, byte for byte\n");
        root = sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
    }

    private Path signed(Instant certificateFrom, Instant integrated) throws Exception {
        return TestBundle.messageSignature(Files.readAllBytes(artifact), sigstore.signer(certificateFrom))
                .loggedIn(sigstore.rekorV1, integrated).write(tmp.resolve("bundle-" + System.nanoTime() + ".sigstore.json"));
    }

    private Run verify(Path bundle, String identity, String issuer, Path trustedRoot, Path file) {
        return VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", identity,
                "--certificate-oidc-issuer", issuer, "--trusted-root", trustedRoot.toString(), file.toString());
    }

    @Test
    void aBundleFromTheTestsOwnFulcioAndRekorVerifies() throws Exception {
        Instant integrated = sigstore.now.minus(Duration.ofMinutes(5));
        Path bundle = signed(sigstore.now.minus(Duration.ofMinutes(7)), integrated);
        Run ok = verify(bundle, IDENTITY, ISSUER, root, artifact).verified();
        assertTrue(ok.out().contains("signed by " + IDENTITY), ok::toString);
        assertTrue(ok.out().contains("integrated " + integrated), ok::toString);
        // The same bundle for the artifact's digest, as the protocol allows.
        String digest = "sha256:" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
        VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER,
                "--trusted-root", root.toString(), digest).verified();
        // The verifier class reports the entry as the log holds it.
        BundleVerification v = SigstoreBundleVerifier.fromTrustedRoot(root).withIdentity(IDENTITY, ISSUER)
                .verify(bundle, java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
        assertTrue(v.entryId().orElseThrow().startsWith(String.format("%016x", TestRekor.TREE_ID)), v::toString);
    }

    @Test
    void anotherIdentityOrIssuerIsRefused() throws Exception {
        Path bundle = signed(sigstore.now.minus(Duration.ofMinutes(7)), sigstore.now.minus(Duration.ofMinutes(5)));
        verify(bundle, "someone-else@stagelight.test", ISSUER, root, artifact).refused("No provided certificate identities matched");
        verify(bundle, IDENTITY, "https://other-issuer.stagelight.test", root, artifact).refused("No provided certificate identities matched");
    }

    @Test
    void aTamperedArtifactIsRefused() throws Exception {
        Path bundle = signed(sigstore.now.minus(Duration.ofMinutes(7)), sigstore.now.minus(Duration.ofMinutes(5)));
        Path tampered = Files.writeString(tmp.resolve("tampered.tar"), "the release, byte for byte!\n", StandardCharsets.UTF_8);
        verify(bundle, IDENTITY, ISSUER, root, tampered).refused("Provided artifact digest does not match digest used for verification");
    }

    @Test
    void anIntegratedTimeInTheFutureIsRefused() throws Exception {
        // The certificate is valid then, so only the claim that the log integrated the entry in an hour is wrong.
        Instant later = sigstore.now.plus(Duration.ofHours(1));
        Path bundle = TestBundle.messageSignature(Files.readAllBytes(artifact), TestBundle.Signer.withCertificate(sigstore.fulcio,
                        IDENTITY, ISSUER, sigstore.now.minus(Duration.ofMinutes(5)), later.plus(Duration.ofMinutes(5))))
                .loggedIn(sigstore.rekorV1, later).write(tmp.resolve("future.sigstore.json"));
        verify(bundle, IDENTITY, ISSUER, root, artifact).refused("/integratedTime: " + later + " lies in the future");
    }

    @Test
    void aCertificateThatExpiredBeforeTheLogIntegratedTheEntryIsRefused() throws Exception {
        Instant issued = sigstore.now.minus(Duration.ofHours(3));
        Instant integrated = sigstore.now.minus(Duration.ofHours(1));
        Path bundle = signed(issued, integrated);
        verify(bundle, IDENTITY, ISSUER, root, artifact).refused("signed at " + integrated + ", outside the signing certificate's validity ["
                + issued + ", " + issued.plus(Duration.ofMinutes(10)) + "]");
        // Integrated before the certificate was issued: as wrong.
        Path early = signed(sigstore.now.minus(Duration.ofMinutes(7)), sigstore.now.minus(Duration.ofMinutes(8)));
        verify(early, IDENTITY, ISSUER, root, artifact).refused("outside the signing certificate's validity");
    }
}
