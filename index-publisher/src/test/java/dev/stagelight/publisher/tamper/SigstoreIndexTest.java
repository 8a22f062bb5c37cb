package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.site.SiteRenderer;
import dev.stagelight.publisher.site.SiteTemplates;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index whose manifest is signed by a real Sigstore bundle (DSSE, production Rekor entry 150322684): verified
 * offline against the trusted root, and refused when the bundle or the entry's Rekor reference is altered.
 */
class SigstoreIndexTest {
    private static final long REKOR_LOG_INDEX = 150322684L;
    /** The certificate identity of the bundle: a GitHub Actions workflow. */
    private static final String WORKFLOW = "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main";
    private static final String ACTIONS = "https://token.actions.githubusercontent.com";

    @TempDir
    Path tmp;
    private Path index;
    private Path bundle;
    private Path trustedRoot;
    private NoteSignerKey logKey;

    @BeforeEach
    void build() throws Exception {
        bundle = TestData.path("sigstore-java/bundles/bundle.dsse.sigstore");
        trustedRoot = TestData.path("sigstore-java/trustroot/trusted_root.json");
        logKey = NoteSignerKey.generate(TamperFixture.ORIGIN);
        index = Files.createDirectories(tmp.resolve("index"));
        Appender appender = new Appender(index, StateDir.besides(index), logKey, TamperFixture.CLOCK,
                DirectorySource::new, Appender.WriteHook.NONE);
        appender.init();
        ManifestIngest ingest = new ManifestIngest(List.of(), null,
                new ManifestIngest.Defaults("tenant-s", "eu", EntryKind.EXPORT)).withSigstore(trustedRoot);
        IngestedManifest m = ingest.read(bundle);
        appender.append(List.of(m));
    }

    private TamperFixture.Run run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--log-key", logKey.verifierKey().encode(), "--quiet"));
        return TamperFixture.verifier(a);
    }

    @Test
    void theIndexVerifiesOfflineAgainstTheTrustedRoot() {
        TamperFixture.Run ok = run("index", index.toString(), "--trusted-root", trustedRoot.toString());
        assertEquals(0, ok.code(), ok::toString);
        assertTrue(ok.out().contains("1 Sigstore bundles verified offline"), ok::toString);
        assertTrue(ok.out().contains("ok      entry-rekor"), ok::toString);
    }

    @Test
    void aCertificateIdentityPolicyAcceptsOnlyThatSigner() {
        String root = trustedRoot.toString();
        TamperFixture.Run exact = run("index", index.toString(), "--trusted-root", root,
                "--certificate-identity", WORKFLOW, "--certificate-oidc-issuer", ACTIONS);
        assertEquals(0, exact.code(), exact::toString);
        TamperFixture.Run pattern = run("index", index.toString(), "--trusted-root", root,
                "--certificate-identity-regexp", "https://github\\.com/loosebazooka/.*", "--certificate-oidc-issuer", ACTIONS);
        assertEquals(0, pattern.code(), pattern::toString);

        TamperFixture.Run otherSigner = run("index", index.toString(), "--trusted-root", root,
                "--certificate-identity", "release@example.com", "--certificate-oidc-issuer", ACTIONS);
        assertEquals(1, otherSigner.code(), otherSigner::toString);
        assertTrue(otherSigner.out().contains("FAILED  manifest-signature")
                && otherSigner.out().contains("No provided certificate identities matched"), otherSigner::toString);
        TamperFixture.Run otherIssuer = run("index", index.toString(), "--trusted-root", root,
                "--certificate-identity", WORKFLOW, "--certificate-oidc-issuer", "https://accounts.google.com");
        assertEquals(1, otherIssuer.code(), otherIssuer::toString);
    }

    @Test
    void anIdentityWithoutAnIssuerOrABadPatternIsBadUsage() {
        TamperFixture.Run noIssuer = run("index", index.toString(), "--trusted-root", trustedRoot.toString(),
                "--certificate-identity", WORKFLOW);
        assertEquals(2, noIssuer.code(), noIssuer::toString);
        assertTrue(noIssuer.err().contains("--certificate-identity needs --certificate-oidc-issuer"), noIssuer::toString);
        TamperFixture.Run badPattern = run("index", index.toString(), "--trusted-root", trustedRoot.toString(),
                "--certificate-identity-regexp", "(", "--certificate-oidc-issuer", ACTIONS);
        assertEquals(2, badPattern.code(), badPattern::toString);
        assertTrue(badPattern.err().contains("--certificate-identity-regexp '('"), badPattern::toString);
    }

    @Test
    void withoutATrustedRootTheBundleIsNotTakenOnFaith() {
        TamperFixture.Run run = run("index", index.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("no Sigstore trusted root given (--trusted-root)"), run::toString);
    }

    @Test
    void theExportVerifiesAgainstTheIndexAndRekor() throws Exception {
        Path export = Files.createDirectories(tmp.resolve("export"));
        Files.copy(bundle, export.resolve("manifest.sigstore.json"));
        // The Statement's subject is a.txt: the sigstore-conformance sample artifact.
        Files.copy(TestData.path("sigstore-java/bundles/artifact.txt"), export.resolve("a.txt"));
        TamperFixture.Run run = run("bundle", export.toString(), "--index", index.toString(), "--trusted-root",
                trustedRoot.toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("Rekor log index " + REKOR_LOG_INDEX), run::toString);

        Files.writeString(export.resolve("a.txt"), "not the artifact");
        TamperFixture.Run tampered = run("bundle", export.toString(), "--index", index.toString(),
                "--trusted-root", trustedRoot.toString());
        assertEquals(1, tampered.code(), tampered::toString);
        assertTrue(tampered.out().contains("FAILED  subject-files") && tampered.out().contains("a.txt"),
                tampered::toString);
    }

    @Test
    void aBundleWithABadSignatureIsRefused() throws Exception {
        String path = Files.list(index.resolve("manifests")).map(p -> "manifests/" + p.getFileName())
                .filter(p -> p.endsWith(".sigstore.json")).findFirst().orElseThrow();
        TamperFixture.overwrite(index.resolve(path),
                Files.readAllBytes(TestData.path("sigstore-java/bundles/bundle.dsse.bad-signature.sigstore")));
        TamperFixture.Run run = run("index", index.toString(), "--trusted-root", trustedRoot.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  manifest-signature") && run.out().contains(path), run::toString);
    }

    @Test
    void anEntryNamingAnotherRekorEntryIsRefused() throws Exception {
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(index, 1));
        ObjectNode entry = (ObjectNode) CanonicalJson.parse(leaves.get(0));
        ((ObjectNode) entry.get("rekor")).set("log_index", LongNode.valueOf(REKOR_LOG_INDEX + 1));
        leaves.set(0, CanonicalJson.canonicalize(entry));
        Forger.rewrite(index, leaves, logKey);
        TamperFixture.Run run = run("index", index.toString(), "--trusted-root", trustedRoot.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("/rekor/log_index: " + (REKOR_LOG_INDEX + 1) + ", but"), run::toString);
    }

    @Test
    void theEntryPageDecodesTheSigstoreBundle() throws Exception {
        new SiteRenderer(index, StateDir.besides(index).path(), logKey.verifierKey(),
                SiteTemplates.create(Optional.empty()),
                SiteRenderer.Options.defaults()).render(false);
        String page = Files.readString(index.resolve("entries/0/0.html"));
        assertTrue(page.contains("<dd>Sigstore bundle</dd>"), page);
        assertTrue(page.contains("<dt>Certificate identity</dt><dd class=\"text\">" + WORKFLOW + "</dd>"), page);
        assertTrue(page.contains("<dt>OIDC issuer</dt><dd class=\"text\">" + ACTIONS + "</dd>"), page);
        assertTrue(page.contains("href=\"https://search.sigstore.dev/?logIndex=" + REKOR_LOG_INDEX + "\""), page);
        assertTrue(page.contains("manifests/") && page.contains(".sigstore.json\">Sigstore bundle</a>"), page);
    }
}
