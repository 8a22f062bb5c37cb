package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.IDENTITY;
import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.ISSUER;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.sigstore.fixtures.Pki;
import dev.stagelight.verifier.sigstore.fixtures.TestBundle;
import dev.stagelight.verifier.sigstore.fixtures.TestSigstore;
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
 * DSSE in-toto bundles against the test's own trusted root (Rekor v1's dsse 0.0.1, which sigstore-java checks, and
 * intoto 0.0.2, which our own path checks), and bundles signed by a plain key, verified with {@code --key}.
 */
class SelfMadeDsseAndKeyBundlesTest {
    @TempDir
    Path tmp;

    TestSigstore sigstore;
    Path artifact;
    Path other;
    Path root;
    Instant integrated;

    @BeforeEach
    void setUp() throws Exception {
        sigstore = new TestSigstore();
        artifact = Files.writeString(tmp.resolve("release.tar"), "the release, byte for byte\n");
        other = Files.writeString(tmp.resolve("other.tar"), "another build\n");
        root = sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
        integrated = sigstore.now.minus(Duration.ofMinutes(5));
    }

    private Run verify(Path bundle, Path subject) {
        return VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", IDENTITY,
                "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString(), subject.toString());
    }

    private TestBundle statementAbout(Path subject) throws Exception {
        return TestBundle.dsse(TestBundle.statement(subject.getFileName().toString(), Pki.sha256(Files.readAllBytes(subject))),
                sigstore.signer(integrated.minusSeconds(60))).loggedIn(sigstore.rekorV1, integrated);
    }

    @Test
    void aDsseEntryVerifiesForItsSubjectOnly() throws Exception {
        Path bundle = statementAbout(artifact).write(tmp.resolve("dsse.sigstore.json"));
        Run ok = verify(bundle, artifact).verified();
        assertTrue(ok.out().contains("signed by " + IDENTITY), ok::toString);
        verify(bundle, other).refused("Provided artifact digest does not match any subject sha256 digests in DSSE payload");
    }

    @Test
    void anIntotoEntryVerifiesForItsSubjectOnly() throws Exception {
        Path bundle = statementAbout(artifact).asIntoto().write(tmp.resolve("intoto.sigstore.json"));
        verify(bundle, artifact).verified();
        verify(bundle, other).refused("/dsseEnvelope: no subject of the statement has sha256 " + java.util.HexFormat.of()
                .formatHex(Pki.sha256(Files.readAllBytes(other))));
        // Our path checks the identity as sigstore-java would.
        VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", "someone-else@stagelight.test",
                "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString(), artifact.toString())
                .refused("No provided certificate identities matched the certificate (" + IDENTITY + ")");
    }

    @Test
    void aPublicKeyBundleVerifiesWithItsKeyOnly() throws Exception {
        TestBundle.Signer signer = TestBundle.Signer.withKey();
        Path key = Files.writeString(tmp.resolve("release.pub"), PublicKeys.toPem(signer.key().getPublic()));
        Path stranger = Files.writeString(tmp.resolve("stranger.pub"), PublicKeys.toPem(Pki.p256().getPublic()));
        Path v1 = TestBundle.messageSignature(Files.readAllBytes(artifact), signer).loggedIn(sigstore.rekorV1, integrated)
                .write(tmp.resolve("key-v1.sigstore.json"));
        Path v2 = TestBundle.messageSignature(Files.readAllBytes(artifact), signer).loggedIn(sigstore.rekorV2, integrated)
                .timestampedBy(sigstore.tsa, integrated).write(tmp.resolve("key-v2.sigstore.json"));
        for (Path bundle : new Path[] {v1, v2}) {
            Run ok = VerifyBundleCli.run("--bundle", bundle.toString(), "--key", key.toString(), "--trusted-root", root.toString(),
                    artifact.toString()).verified();
            assertTrue(ok.out().contains("signed by public key " + PublicKeys.keyId(signer.key().getPublic())), ok::toString);
            VerifyBundleCli.run("--bundle", bundle.toString(), "--key", stranger.toString(), "--trusted-root", root.toString(),
                    artifact.toString()).refused("/messageSignature/signature: does not verify with any configured public key");
            VerifyBundleCli.run("--bundle", bundle.toString(), "--key", key.toString(), "--trusted-root", root.toString(),
                    other.toString()).refused("/messageSignature/messageDigest/digest: does not match the artifact's SHA-256");
            verify(bundle, artifact).refused("the bundle is signed by a public key, not a certificate");
        }
    }
}
