package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.IDENTITY;
import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.ISSUER;

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
 * The trusted root spec's rules for validity windows ({@code TimeRange}: a closed interval, start required, end
 * optional), on a trusted root written by the test for its own services: a window without a start is refused outright;
 * an end in the past still vouches for what was signed up to it, and for nothing later.
 */
class SelfMadeTrustedRootWindowsTest {
    @TempDir
    Path tmp;

    TestSigstore sigstore;
    Path artifact;
    Instant issued;
    Instant integrated;
    Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        sigstore = new TestSigstore();
        artifact = Files.writeString(tmp.resolve("release.tar"), "the release, byte for byte\n");
        issued = sigstore.now.minus(Duration.ofDays(2));
        integrated = issued.plus(Duration.ofMinutes(2));
        bundle = TestBundle.messageSignature(Files.readAllBytes(artifact), sigstore.signer(issued))
                .loggedIn(sigstore.rekorV1, integrated).write(tmp.resolve("bundle.sigstore.json"));
    }

    private Run verify(Path trustedRoot) {
        return VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", IDENTITY,
                "--certificate-oidc-issuer", ISSUER, "--trusted-root", trustedRoot.toString(), artifact.toString());
    }

    @Test
    void theUntouchedRootVerifies() {
        verify(sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"))).verified();
    }

    @Test
    void aWindowWithoutAStartIsRefusedWhereverItIs() {
        for (Section s : Section.values()) {
            Path root = sigstore.trustedRoot().window(s, 0, null, null).write(tmp.resolve("no-start-" + s + ".json"));
            String field = s == Section.TLOGS ? "tlogs" : s == Section.CTLOGS ? "ctlogs"
                    : s == Section.CERTIFICATE_AUTHORITIES ? "certificateAuthorities" : "timestampAuthorities";
            String at = s == Section.TLOGS || s == Section.CTLOGS ? "/" + field + "/0/publicKey/validFor/start" : "/" + field + "/0/validFor/start";
            verify(root).refused(root + ": not a usable Sigstore trusted root: " + at + ": missing");
        }
    }

    @Test
    void aLogKeyRetiredInThePastVouchesUpToItsEndOnly() {
        // Retired yesterday, a day after the entry was integrated: the entry still verifies.
        verify(sigstore.trustedRoot().window(Section.TLOGS, 0, sigstore.trustedSince, sigstore.now.minus(Duration.ofDays(1)))
                .write(tmp.resolve("retired-after.json"))).verified();
        // Retired exactly at the integration time: the end is inclusive.
        verify(sigstore.trustedRoot().window(Section.TLOGS, 0, sigstore.trustedSince, integrated)
                .write(tmp.resolve("retired-at.json"))).verified();
        // Retired a second before: the log key no longer vouched for anything then.
        Instant end = integrated.minusSeconds(1);
        verify(sigstore.trustedRoot().window(Section.TLOGS, 0, sigstore.trustedSince, end).write(tmp.resolve("retired-before.json")))
                .refused("signed at " + integrated + ", outside the validity [" + sigstore.trustedSince + ", " + end
                        + "] of the transparency log key");
        // Trusted only from after the integration time: as wrong.
        verify(sigstore.trustedRoot().window(Section.TLOGS, 0, integrated.plusSeconds(1), null).write(tmp.resolve("log-not-yet.json")))
                .refused("outside the validity");
    }

    @Test
    void aCertificateAuthorityRetiredInThePastVouchesUpToItsEndOnly() {
        verify(sigstore.trustedRoot().window(Section.CERTIFICATE_AUTHORITIES, 0, sigstore.trustedSince, sigstore.now.minus(Duration.ofDays(1)))
                .write(tmp.resolve("ca-retired-after.json"))).verified();
        verify(sigstore.trustedRoot().window(Section.CERTIFICATE_AUTHORITIES, 0, sigstore.trustedSince, issued.minusSeconds(1))
                .write(tmp.resolve("ca-retired-before.json"))).refused("No valid Certificate Authorities found when validating certificate");
    }

    @Test
    void aCtLogRetiredInThePastVouchesUpToItsEndOnly() {
        verify(sigstore.trustedRoot().window(Section.CTLOGS, 0, sigstore.trustedSince, sigstore.now.minus(Duration.ofDays(1)))
                .write(tmp.resolve("ct-retired-after.json"))).verified();
        verify(sigstore.trustedRoot().window(Section.CTLOGS, 0, sigstore.trustedSince, issued.minusSeconds(1))
                .write(tmp.resolve("ct-retired-before.json"))).refused("No valid SCTs were found");
    }
}
