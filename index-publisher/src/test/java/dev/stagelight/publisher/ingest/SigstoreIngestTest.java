package dev.stagelight.publisher.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.check.CheckStatus;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Sigstore bundles (../shared/testdata/sigstore-java): the entry points to the bundle and carries its Rekor entry. */
class SigstoreIngestTest {
    @TempDir Path tmp;

    private static final ManifestIngest.Defaults DEFAULTS = new ManifestIngest.Defaults("acme", "eu-west-1", EntryKind.EXPORT);

    @Test
    void dsseBundleBecomesAnEntryWithItsRekorIndexAndUuid() throws Exception {
        Path bundle = TestData.path("sigstore-java/bundles/bundle.dsse.sigstore");
        var json = new ObjectMapper().readTree(bundle.toFile());
        byte[] body = Base64.getDecoder().decode(json.at("/verificationMaterial/tlogEntries/0/canonicalizedBody").asText());
        byte[] payload = Base64.getDecoder().decode(json.at("/dsseEnvelope/payload").asText());

        IngestedManifest m = ingest(DEFAULTS).read(bundle);
        assertNull(m.signature());
        assertEquals(Long.parseLong(json.at("/verificationMaterial/tlogEntries/0/logIndex").asText()), m.rekor().logIndex());
        assertEquals(HexFormat.of().formatHex(MerkleHash.leaf(body)), m.rekor().uuid());
        assertArrayEquals(payload, m.statement());
        assertEquals(HexFormat.of().formatHex(MerkleHash.sha256().digest(payload)), m.sha256());

        TestIndex t = TestIndex.create(tmp);
        Entry e = t.appender(Appender.WriteHook.NONE).append(List.of(m)).entries().get(0);
        assertEquals(IndexLayout.sigstoreBundle(m.sha256()), e.sigstoreBundlePath());
        assertEquals(m.rekor(), e.rekor());
        assertArrayEquals(Files.readAllBytes(bundle), Files.readAllBytes(t.index.resolve(e.sigstoreBundlePath())),
                "the bundle is published as it came");
    }

    /** The read-back after the append verifies the bundle offline given a trusted root, and says so when it cannot. */
    @Test
    void theCheckAfterTheAppendVerifiesTheBundleOnlyWithATrustedRoot() throws Exception {
        IngestedManifest m = ingest(DEFAULTS).read(TestData.path("sigstore-java/bundles/bundle.dsse.sigstore"));
        TestIndex without = TestIndex.create(tmp.resolve("without"));
        Report unverified = without.appender(Appender.WriteHook.NONE).append(List.of(m)).verification().orElseThrow();
        assertTrue(unverified.verified(), () -> unverified.failures().toString());
        assertTrue(unverified.checks().stream().anyMatch(c -> c.name().equals("sigstore-signature")
                && c.status() == CheckStatus.SKIPPED && c.message().contains("not verified: no Sigstore trusted root")),
                unverified.checks()::toString);
        assertTrue(unverified.checks().stream().noneMatch(c -> c.name().equals("manifest-signature")));

        TestIndex with = TestIndex.create(tmp.resolve("with"));
        Report verified = with.appender(Appender.WriteHook.NONE)
                .withManifestTrust(List.of(), Optional.of(TestData.path("sigstore-java/trustroot/trusted_root.json")))
                .append(List.of(m)).verification().orElseThrow();
        assertTrue(verified.checks().stream().anyMatch(c -> c.name().equals("manifest-signature")
                && c.status() == CheckStatus.OK && c.message().contains("1 Sigstore bundles verified offline")),
                verified.checks()::toString);
    }

    @Test
    void foreignPredicateTypeNeedsAKindAndMessageBundlesAreRefused() throws Exception {
        Path bundle = TestData.path("sigstore-java/bundles/bundle.dsse.sigstore");
        IngestException noKind = assertThrows(IngestException.class,
                () -> ingest(new ManifestIngest.Defaults("acme", "eu-west-1", null)).read(bundle));
        assertTrue(noKind.getMessage().contains("/predicateType: expected https://stagelight.dev/export-manifest/v1"),
                noKind.getMessage());
        Path messageBundle = TestData.path("sigstore-java/bundles/bundle.v3.sigstore");
        IngestException e = assertThrows(IngestException.class, () -> ingest(DEFAULTS).read(messageBundle));
        assertTrue(e.getMessage().startsWith(messageBundle + ": /dsseEnvelope"), e.getMessage());
    }

    /** Nothing unverified is published: a bundle that fails offline verification, or any bundle without a root. */
    @Test
    void aBundleIsAcceptedOnlyIfItVerifiesOffline() throws Exception {
        Path bad = TestData.path("sigstore-java/bundles/bundle.dsse.bad-signature.sigstore");
        IngestException refused = assertThrows(IngestException.class, () -> ingest(DEFAULTS).read(bad));
        assertTrue(refused.getMessage().startsWith(bad.toString()) && refused.getMessage().contains("verification failed"),
                refused.getMessage());
        Path good = TestData.path("sigstore-java/bundles/bundle.dsse.sigstore");
        IngestException noRoot = assertThrows(IngestException.class,
                () -> new ManifestIngest(List.of(), null, DEFAULTS).read(good));
        assertTrue(noRoot.getMessage().contains("verifies offline against a Sigstore trusted root (--trusted-root)"),
                noRoot.getMessage());
    }

    private static ManifestIngest ingest(ManifestIngest.Defaults defaults) throws Exception {
        return new ManifestIngest(List.of(), null, defaults).withSigstore(TestData.path("sigstore-java/trustroot/trusted_root.json"));
    }
}
