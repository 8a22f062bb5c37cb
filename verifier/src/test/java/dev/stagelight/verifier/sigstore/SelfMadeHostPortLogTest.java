package dev.stagelight.verifier.sigstore;

import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.IDENTITY;
import static dev.stagelight.verifier.sigstore.fixtures.TestSigstore.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.stagelight.verifier.sigstore.fixtures.Pki;
import dev.stagelight.verifier.sigstore.fixtures.TestBundle;
import dev.stagelight.verifier.sigstore.fixtures.TestRekor;
import dev.stagelight.verifier.sigstore.fixtures.TestSigstore;
import dev.stagelight.verifier.sigstore.fixtures.TestTrustedRoot;
import dev.stagelight.verifier.sigstore.fixtures.VerifyBundleCli;
import dev.stagelight.verifier.sigstore.fixtures.VerifyBundleCli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Rekor v1 log that signs its checkpoints as {@code host:port}, as a custom deployment does: sigstore-java 2.0.0
 * looks for a checkpoint signature named by the base URL's host alone and refuses every entry of it; we match the
 * signature by the log key's hash and check it, for every entry kind.
 */
class SelfMadeHostPortLogTest {
    @TempDir
    Path tmp;

    TestSigstore sigstore;
    TestRekor log;
    Path artifact;
    Path root;
    Instant integrated;

    @BeforeEach
    void setUp() throws Exception {
        sigstore = new TestSigstore();
        log = TestRekor.v1("log.stagelight.test:8443");
        artifact = Files.writeString(tmp.resolve("release.tar"), "the release, byte for byte\n");
        root = new TestTrustedRoot(sigstore.trustedSince, sigstore.fulcio, List.of(log), List.of(sigstore.tsa)).write(tmp.resolve("root.json"));
        integrated = sigstore.now.minus(Duration.ofMinutes(5));
    }

    private Run verify(Path bundle) {
        return VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", IDENTITY,
                "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString(), artifact.toString());
    }

    private TestBundle hashedRekord() throws Exception {
        return TestBundle.messageSignature(Files.readAllBytes(artifact), sigstore.signer(integrated.minusSeconds(60))).loggedIn(log, integrated);
    }

    private TestBundle dsse() throws Exception {
        return TestBundle.dsse(TestBundle.statement("release.tar", Pki.sha256(Files.readAllBytes(artifact))),
                sigstore.signer(integrated.minusSeconds(60))).loggedIn(log, integrated);
    }

    @Test
    void sigstoreJavaAloneRefusesTheLog() throws Exception {
        Path bundle = hashedRekord().write(tmp.resolve("h.sigstore.json"));
        var root = TrustedRootProvider.from(this.root).get();
        KeylessVerifier keyless = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
        var e = org.junit.jupiter.api.Assertions.assertThrows(KeylessVerificationException.class, () -> keyless.verify(artifact,
                Bundle.from(bundle, StandardCharsets.UTF_8), VerificationOptions.empty()));
        assertEquals("No matching checkpoint signature found for transparency log: log.stagelight.test", e.getCause().getMessage());
    }

    @Test
    void everyEntryKindOfTheLogVerifies() throws Exception {
        verify(hashedRekord().write(tmp.resolve("h.sigstore.json"))).verified();
        verify(dsse().write(tmp.resolve("d.sigstore.json"))).verified();
        verify(dsse().asIntoto().write(tmp.resolve("i.sigstore.json"))).verified();
    }

    @Test
    void aForgedCheckpointSignatureIsStillRefused() throws Exception {
        for (TestBundle b : List.of(hashedRekord(), dsse(), dsse().asIntoto())) {
            ObjectNode json = b.json();
            ObjectNode checkpoint = (ObjectNode) json.at("/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint");
            String note = checkpoint.get("envelope").asText();
            int at = note.lastIndexOf(' ') + 1;
            byte[] blob = Base64.getDecoder().decode(note.substring(at).trim());
            blob[blob.length - 1] ^= 1; // the last byte of the signature's s
            checkpoint.put("envelope", note.substring(0, at) + Base64.getEncoder().encodeToString(blob) + "\n");
            Path forged = Files.write(tmp.resolve("forged-" + System.nanoTime() + ".json"), new ObjectMapper().writeValueAsBytes(json));
            verify(forged).refused("/inclusionProof/checkpoint/envelope: no signature by the log's key");
        }
    }

    @Test
    void whatSigstoreJavaChecksBeforeTheLogStillFails() throws Exception {
        // The workaround takes over only at the last step: a wrong identity or artifact is refused as before.
        Path bundle = hashedRekord().write(tmp.resolve("h.sigstore.json"));
        VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", "someone-else@stagelight.test",
                "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString(), artifact.toString())
                .refused("No provided certificate identities matched");
        Path other = Files.writeString(tmp.resolve("other.tar"), "another build\n");
        VerifyBundleCli.run("--bundle", bundle.toString(), "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER,
                "--trusted-root", root.toString(), other.toString()).refused("Provided artifact digest does not match");
        // And the time checks after it run too.
        Path late = TestBundle.messageSignature(Files.readAllBytes(artifact), sigstore.signer(integrated.minus(Duration.ofHours(1))))
                .loggedIn(log, integrated).write(tmp.resolve("late.sigstore.json"));
        verify(late).refused("outside the signing certificate's validity");
    }
}
