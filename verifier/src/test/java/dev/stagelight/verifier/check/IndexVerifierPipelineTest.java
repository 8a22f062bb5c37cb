package dev.stagelight.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Pae;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.testing.V1Index;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full audit checks entry bundles on worker threads and Ed25519 signatures in batches; its report must still name
 * exactly the bad entries, first bad entry first, the same on every run and for any thread count.
 */
class IndexVerifierPipelineTest {
    private static final int ENTRIES = 1100; // five entry bundles, the last one partial

    @TempDir
    static Path tmp;

    private static V1Index index;

    @BeforeAll
    static void create() throws Exception {
        index = V1Index.create(tmp, ENTRIES);
    }

    private static Report verify(int threads) throws Exception {
        Trust trust = new Trust(List.of(index.logKey.verifierKey()), List.of(index.signer.getPublic()), Optional.empty());
        return new IndexVerifier(trust, threads, n -> {}).verify(new DirectorySource(index.dir));
    }

    private static String digest(int i) {
        return HexFormat.of().formatHex(MerkleHash.sha256().digest(index.manifest(i)));
    }

    private static Path envelope(int i) {
        return index.dir.resolve(IndexLayout.dsseEnvelope(digest(i)));
    }

    /** Replaces entry i's envelope signature by a valid-looking signature of other bytes (same key). */
    private static byte[] badSignature(int i) throws Exception {
        Path p = envelope(i);
        byte[] before = Files.readAllBytes(p);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(index.signer.getPrivate());
        s.update(Pae.encode(Envelope.IN_TOTO_PAYLOAD_TYPE, ("not manifest " + i).getBytes(StandardCharsets.UTF_8)));
        String other = Base64.getEncoder().encodeToString(s.sign());
        Matcher m = Pattern.compile("\"sig\":\"([^\"]+)\"").matcher(new String(before, StandardCharsets.UTF_8));
        assertTrue(m.find());
        Files.writeString(p, m.replaceFirst("\"sig\":\"" + Matcher.quoteReplacement(other) + "\""));
        return before;
    }

    private static List<String> failures(Report r) {
        List<String> out = new ArrayList<>();
        for (Check c : r.failures()) {
            out.add(c.name() + ": " + c.message());
        }
        return out;
    }

    @Test
    void anIntactIndexVerifiesWithEveryThreadCount() throws Exception {
        for (int threads : new int[] {1, 2, 5}) {
            Report r = verify(threads);
            assertTrue(r.verified(), failures(r).toString());
            assertTrue(r.checks().stream().anyMatch(c -> c.name().equals("manifest-signature")
                    && c.message().startsWith(ENTRIES + " DSSE signatures by trusted keys")), r.checks().toString());
        }
    }

    @Test
    void badEntriesAreNamedInEntryOrderOnEveryRun() throws Exception {
        int[] bad = {1099, 3, 700, 256, 255, 4};
        List<byte[]> saved = new ArrayList<>();
        for (int i : bad) {
            saved.add(badSignature(i));
        }
        Path missing = index.dir.resolve(IndexLayout.manifest(digest(520)));
        byte[] manifest520 = Files.readAllBytes(missing);
        Files.delete(missing);
        try {
            List<String> first = failures(verify(3));
            List<Integer> named = new ArrayList<>();
            for (String f : first) {
                for (int i = 0; i < ENTRIES; i++) {
                    if (f.contains(digest(i))) {
                        named.add(i);
                    }
                }
            }
            assertEquals(List.of(3, 4, 255, 256, 520, 700, 1099), named, first.toString());
            assertTrue(first.get(0).startsWith("manifest-signature: " + envelope(3) + ": /signatures/0: bad signature"
                    + " from trusted key "), first.get(0));
            assertTrue(first.get(4).startsWith("manifest-present: " + missing + ": missing; "), first.get(4));
            for (int threads : new int[] {1, 2, 3, 8}) {
                assertEquals(first, failures(verify(threads)), "threads = " + threads);
            }
        } finally {
            for (int k = 0; k < bad.length; k++) {
                Files.write(envelope(bad[k]), saved.get(k));
            }
            Files.write(missing, manifest520);
        }
        assertTrue(verify(2).verified());
    }

    @Test
    void theListedFailuresAreTheFirstByIndex() throws Exception {
        List<byte[]> saved = new ArrayList<>();
        int count = ReportBuilder.MAX_FAILURES_PER_CHECK + 15;
        for (int k = 0; k < count; k++) {
            saved.add(badSignature(1 + 30 * k));
        }
        try {
            Report r = verify(4);
            assertFalse(r.verified());
            List<String> f = failures(r);
            assertEquals(ReportBuilder.MAX_FAILURES_PER_CHECK + 1, f.size(), f.toString());
            for (int k = 0; k < ReportBuilder.MAX_FAILURES_PER_CHECK; k++) {
                assertTrue(f.get(k).contains(envelope(1 + 30 * k).toString()), k + ": " + f.get(k));
            }
            assertTrue(f.get(f.size() - 1).contains("15 further manifest-signature failures"), f.toString());
        } finally {
            for (int k = 0; k < count; k++) {
                Files.write(envelope(1 + 30 * k), saved.get(k));
            }
        }
    }
}
