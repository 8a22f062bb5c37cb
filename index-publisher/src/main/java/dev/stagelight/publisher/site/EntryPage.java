package dev.stagelight.publisher.site;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model of one entry's page: its fields, manifest, signature, kept inclusion proof and raw-file links. */
final class EntryPage {
    private static final HexFormat HEX = HexFormat.of();

    private EntryPage() {}

    /** What an entry page needs besides the entry itself, read or computed before rendering. */
    record Input(Entry entry, byte[] leaf, ManifestView manifest, String manifestError, byte[] sigstoreBundle,
            boolean keyPublished, long tenantPage, long regionPage, String entryRange, String prevRange) {}

    static Map<String, Object> model(Input in, KeptProofs proofs, Map<String, Object> common) throws IOException {
        Entry e = in.entry();
        long seq = e.seq();
        String page = SitePaths.entryPage(seq);
        Map<String, Object> m = new LinkedHashMap<>(common);
        m.put("root", SitePaths.rootOf(page));

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seq", seq);
        f.put("block", seq / SitePaths.PAGE);
        f.put("prevPage", seq > 0 ? SitePaths.entryPage(seq - 1) : "");
        boolean evidence = e.kind() == EntryKind.ROLLOUT_EVIDENCE;
        f.put("kindClass", evidence ? "evidence" : "export");
        f.put("kindLabel", evidence ? "rollout evidence" : "export");
        f.put("ts", e.tsText());
        f.put("tenant", e.tenant());
        f.put("tenantPage", SitePaths.listingPage("tenants", e.tenant(), in.tenantPage()));
        f.put("region", e.region());
        f.put("regionPage", SitePaths.listingPage("regions", e.region(), in.regionPage()));
        f.put("kind", e.kind().wire());
        f.put("sha256", e.manifestSha256());
        f.put("prev", e.prev());
        f.put("leafHash", HEX.formatHex(MerkleHash.leaf(in.leaf())));
        // "offset+length" of this entry and the one before inside their bundles, for the browser's range reads.
        f.put("entryRange", in.entryRange());
        f.put("prevRange", in.prevRange());
        f.put("evidence", evidence && in.manifest() != null ? evidenceFields(in.manifest()) : List.of());
        m.put("e", f);

        if (in.manifest() != null) {
            m.put("m", in.manifest().model());
        } else {
            m.put("m", Map.of("error", in.manifestError()));
        }
        m.put("sig", SignatureView.of(e, in.sigstoreBundle(), in.keyPublished()));

        long size = proofs.sizeFor(seq);
        List<String> hashes = new ArrayList<>();
        for (byte[] h : proofs.inclusion(seq, size)) {
            hashes.add(HEX.formatHex(h));
        }
        m.put("proof", Map.of("size", size, "checkpoint", SitePaths.keptCheckpoint(size),
                "root", HEX.formatHex(proofs.root(size)), "hashes", hashes));

        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("bundle", IndexLayout.entryBundle(seq / SitePaths.PAGE, size));
        raw.put("manifest", e.manifestPath());
        boolean dsse = e.signature() != null;
        raw.put("signature", dsse ? IndexLayout.dsseEnvelope(e.manifestSha256()) : e.sigstoreBundlePath());
        raw.put("signatureLabel", dsse ? "DSSE envelope" : "Sigstore bundle");
        raw.put("json", SitePaths.blockJson(seq / SitePaths.PAGE));
        m.put("raw", raw);
        return m;
    }

    /** A rollout decision's headline fields (top-level predicate scalars), shown above the full manifest. */
    private static List<Object> evidenceFields(ManifestView manifest) {
        List<Object> out = new ArrayList<>();
        manifest.predicate().fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode()) {
                out.add(Map.of("name", SiteText.visible(f.getKey()),
                        "value", SiteText.visible(f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString())));
            }
        });
        return out;
    }
}
