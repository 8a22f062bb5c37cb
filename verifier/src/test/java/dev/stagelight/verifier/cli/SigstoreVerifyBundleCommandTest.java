package dev.stagelight.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sigstore verify-bundle} as the Sigstore conformance suite calls it, over sigstore-java's real bundles. */
class SigstoreVerifyBundleCommandTest {
    private static final String GOOGLE = "https://accounts.google.com";
    private static final String SIGNER = "appu@google.com";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifierCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(r.err().contains("\tat "), r::toString);
        return r;
    }

    static Path data(String name) {
        return TestData.path("sigstore-java").resolve(name);
    }

    private static String productionRoot() {
        return data("trustroot/trusted_root.json").toString();
    }

    @Test
    void aCertificateBundleVerifiesForTheArtifactOrItsDigest() throws Exception {
        Path artifact = data("bundles/artifact.txt");
        Run file = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", SIGNER, "--certificate-oidc-issuer", GOOGLE, "--trusted-root", productionRoot(),
                artifact.toString());
        assertEquals(0, file.code(), file::toString);
        assertTrue(file.out().contains("signed by " + SIGNER), file::toString);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
        Run byDigest = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", SIGNER, "--certificate-oidc-issuer", GOOGLE, "--trusted-root", productionRoot(), digest);
        assertEquals(0, byDigest.code(), byDigest::toString);
    }

    @Test
    void anythingElseFailsWithOneLine() throws Exception {
        Path artifact = data("bundles/artifact.txt");
        Run wrongIdentity = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", "someone@example.com", "--certificate-oidc-issuer", GOOGLE,
                "--trusted-root", productionRoot(), artifact.toString());
        assertEquals(1, wrongIdentity.code(), wrongIdentity::toString);
        assertOneLine(wrongIdentity.err(), "does not verify: ");

        Path other = tmp.resolve("other.txt");
        Files.writeString(other, "not the artifact");
        Run wrongArtifact = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", SIGNER, "--certificate-oidc-issuer", GOOGLE, "--trusted-root", productionRoot(),
                other.toString());
        assertEquals(1, wrongArtifact.code(), wrongArtifact::toString);
        assertOneLine(wrongArtifact.err(), "does not verify: ");

        Run bad = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle-with-mismatched-set.sigstore").toString(),
                "--certificate-identity", SIGNER, "--certificate-oidc-issuer", GOOGLE, "--trusted-root", productionRoot(),
                artifact.toString());
        assertEquals(1, bad.code(), bad::toString);
        assertOneLine(bad.err(), "does not verify: ");

        // A path that looks like a digest only when no such file exists; a missing file is a usage error.
        Run missing = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", SIGNER, "--certificate-oidc-issuer", GOOGLE, "--trusted-root", productionRoot(),
                "sha256:abc");
        assertEquals(2, missing.code(), missing::toString);
        assertOneLine(missing.err(), "error: sha256:abc: no such file");

        Run both = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", SIGNER, "--certificate-oidc-issuer", GOOGLE, "--key", artifact.toString(),
                artifact.toString());
        assertEquals(2, both.code(), both::toString);
        Run identityAlone = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--certificate-identity", SIGNER, artifact.toString());
        assertEquals(2, identityAlone.code(), identityAlone::toString);
    }

    @Test
    void dsseBundlesTakeASubjectOfTheirStatement() throws Exception {
        Path statement = tmp.resolve("statement.json");
        var env = new ObjectMapper().readTree(Files.readAllBytes(data("bundles/bundle.dsse.sigstore"))).at("/dsseEnvelope/payload");
        var subject = new ObjectMapper().readTree(Base64.getDecoder().decode(env.asText())).at("/subject/0/digest/sha256").asText();
        Files.writeString(statement, "unused");
        Run ok = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.dsse.sigstore").toString(),
                "--certificate-identity", "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main",
                "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com", "--trusted-root", productionRoot(),
                "sha256:" + subject);
        assertEquals(0, ok.code(), ok::toString);
        Run notASubject = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.dsse.sigstore").toString(),
                "--certificate-identity", "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main",
                "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com", "--trusted-root", productionRoot(),
                statement.toString());
        assertEquals(1, notASubject.code(), notASubject::toString);
    }

    @Test
    void keyBundlesVerifyWithKeyAndCertificateBundlesDoNot() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(Files.readAllBytes(data("bundles/bundle.v3_1.sigstore")));
        ObjectNode vm = (ObjectNode) root.get("verificationMaterial");
        PublicKey key = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                Base64.getDecoder().decode(vm.at("/certificate/rawBytes").asText()))).getPublicKey();
        vm.remove("certificate");
        vm.putObject("publicKey").put("hint", PublicKeys.keyId(key));
        Path bundle = tmp.resolve("key.sigstore.json");
        Files.write(bundle, json.writeValueAsBytes(root));
        Path pem = tmp.resolve("key.pub");
        Files.writeString(pem, PublicKeys.toPem(key));
        String artifact = data("bundles/artifact.txt").toString();

        Run ok = run("sigstore", "verify-bundle", "--bundle", bundle.toString(), "--key", pem.toString(),
                "--trusted-root", productionRoot(), artifact);
        assertEquals(0, ok.code(), ok::toString);
        Run noKey = run("sigstore", "verify-bundle", "--bundle", bundle.toString(), "--certificate-identity", SIGNER,
                "--certificate-oidc-issuer", GOOGLE, "--trusted-root", productionRoot(), artifact);
        assertEquals(1, noKey.code(), noKey::toString);
        Run certWithKey = run("sigstore", "verify-bundle", "--bundle", data("bundles/bundle.v3_1.sigstore").toString(),
                "--key", pem.toString(), "--trusted-root", productionRoot(), artifact);
        assertEquals(1, certWithKey.code(), certWithKey::toString);
        assertOneLine(certWithKey.err(), "signed with a certificate, not a public key");
    }

    static void assertOneLine(String err, String fragment) {
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(fragment), () -> "expected \"" + fragment + "\" in: " + err);
    }
}
