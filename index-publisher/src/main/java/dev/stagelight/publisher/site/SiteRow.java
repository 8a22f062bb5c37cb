package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.layout.IndexLayout;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry as the listings, look-up shards and JSON API show it: the sprint's shape {@code {ts, region,
 * manifest_sha256, signature, rekor_uuid}} plus seq, tenant, kind, export id and links. Listing pages are stored as
 * these rows (their JSON twin), so an incremental render can reopen the last page of a listing without re-reading the
 * log.
 */
public record SiteRow(long seq, String ts, String tenant, String region, String kind, String sha256, String exportId,
        String signatureAlg, String signatureKeyId, String signature, String rekorUuid) {

    public static SiteRow of(Entry e, String exportId) {
        var sig = e.signature();
        return new SiteRow(e.seq(), e.tsText(), e.tenant(), e.region(), e.kind().wire(), e.manifestSha256(),
                exportId == null ? "" : exportId, sig == null ? null : sig.alg(), sig == null ? null : sig.keyid(),
                sig == null ? null : sig.sig(), e.rekor() == null ? null : e.rekor().uuid());
    }

    public String month() {
        return ts.substring(0, 7);
    }

    public String day() {
        return ts.substring(0, 10);
    }

    public void writeTo(ObjectNode o) {
        o.put("seq", seq).put("ts", ts).put("tenant", tenant).put("region", region).put("kind", kind)
                .put("manifest_sha256", sha256).put("export_id", exportId);
        if (signatureAlg != null) {
            o.putObject("signature").put("alg", signatureAlg).put("keyid", signatureKeyId).put("sig", signature);
        } else {
            o.putNull("signature");
        }
        if (rekorUuid != null) {
            o.put("rekor_uuid", rekorUuid);
        } else {
            o.putNull("rekor_uuid");
        }
        ObjectNode links = o.putObject("links");
        links.put("page", SitePaths.entryPage(seq));
        links.put("manifest", IndexLayout.manifest(sha256));
        links.put("signature", signatureAlg != null ? IndexLayout.dsseEnvelope(sha256) : IndexLayout.sigstoreBundle(sha256));
    }

    /** Reads a row back from a listing page this generator wrote; {@code source} names the file for errors. */
    public static SiteRow readFrom(JsonNode o, String source) throws IOException {
        try {
            JsonNode sig = o.path("signature");
            boolean signed = sig.isObject();
            return new SiteRow(req(o, "seq", source).asLong(), text(o, "ts", source), text(o, "tenant", source),
                    text(o, "region", source), text(o, "kind", source), text(o, "manifest_sha256", source),
                    text(o, "export_id", source), signed ? text(sig, "alg", source) : null,
                    signed ? text(sig, "keyid", source) : null, signed ? text(sig, "sig", source) : null,
                    o.path("rekor_uuid").isTextual() ? o.get("rekor_uuid").asText() : null);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    /** The model a template sees (plain strings and numbers). */
    public Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("ts", ts);
        m.put("tenant", tenant);
        m.put("region", region);
        m.put("kind", kind);
        m.put("sha256", sha256);
        m.put("exportId", SiteText.visible(exportId));
        m.put("page", SitePaths.entryPage(seq));
        m.put("tenantPage", SitePaths.listingPage("tenants", tenant, 0));
        return m;
    }

    private static JsonNode req(JsonNode o, String field, String source) throws IOException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IOException(source + ": entry row lacks \"" + field + "\"; rebuild the site (publish render --rebuild)");
        }
        return n;
    }

    private static String text(JsonNode o, String field, String source) throws IOException {
        JsonNode n = req(o, field, source);
        if (!n.isTextual()) {
            throw new IOException(source + ": entry row field \"" + field + "\" is not a string; rebuild the site");
        }
        return n.asText();
    }
}
