package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.layout.IndexLayout;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature section of an entry page: the entry's DSSE signature (algorithm, key id, the published key), or its
 * Sigstore bundle decoded (certificate identity and OIDC issuer when present, Rekor log index with a link built from
 * that number alone). The bundle was verified when it was appended; this only describes it.
 */
final class SignatureView {
    /** Fulcio's OIDC issuer extensions: v2 (DER UTF8String) and the older v1 (raw string). */
    private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    private static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignatureView() {}

    static Map<String, Object> of(Entry e, byte[] sigstoreBundle, boolean keyPublished) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e.signature() != null) {
            m.put("dsse", true);
            m.put("alg", e.signature().alg());
            m.put("keyid", SiteText.visible(e.signature().keyid()));
            m.put("keyPage", keyPublished ? IndexLayout.signerKey(e.signature().keyid()) : "");
            return m;
        }
        m.put("dsse", false);
        List<Object> fields = new ArrayList<>();
        long logIndex = e.rekor() != null ? e.rekor().logIndex() : -1;
        if (sigstoreBundle == null) {
            fields.add(field("Bundle", "missing from the index"));
        } else {
            JsonNode root = readTree(sigstoreBundle);
            describe(root, fields);
            if (logIndex < 0) {
                JsonNode idx = root.at("/verificationMaterial/tlogEntries/0/logIndex");
                if (idx.isTextual() && idx.asText().matches("\\d{1,18}") || idx.isIntegralNumber()) {
                    logIndex = idx.asLong();
                }
            }
        }
        if (e.rekor() != null) {
            fields.add(field("Rekor entry UUID", e.rekor().uuid()));
        }
        m.put("fields", fields);
        m.put("rekorIndex", logIndex >= 0 ? logIndex : "");
        m.put("rekorLink", logIndex >= 0 ? "https://search.sigstore.dev/?logIndex=" + logIndex : "");
        return m;
    }

    private static void describe(JsonNode root, List<Object> fields) {
        fields.add(field("Media type", root.path("mediaType").asText("(none)")));
        JsonNode vm = root.path("verificationMaterial");
        String certB64 = vm.at("/certificate/rawBytes").asText(vm.at("/x509CertificateChain/certificates/0/rawBytes").asText(""));
        if (vm.path("publicKey").isObject()) {
            fields.add(field("Signed with", "a public key (hint " + vm.at("/publicKey/hint").asText("none") + ")"));
        }
        if (!certB64.isEmpty()) {
            try {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certB64)));
                fields.add(field("Certificate identity", identity(cert)));
                String issuer = issuer(cert);
                if (!issuer.isEmpty()) {
                    fields.add(field("OIDC issuer", issuer));
                }
                fields.add(field("Certificate issued by", cert.getIssuerX500Principal().getName()));
                fields.add(field("Certificate valid", cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant()));
            } catch (CertificateException | IllegalArgumentException e) {
                fields.add(field("Certificate", "cannot be decoded: " + e.getMessage()));
            }
        }
        JsonNode tlog = vm.at("/tlogEntries/0");
        if (tlog.isObject()) {
            fields.add(field("Rekor integrated time", tlog.path("integratedTime").asText("")));
            fields.add(field("Rekor entry kind", tlog.at("/kindVersion/kind").asText("") + " " + tlog.at("/kindVersion/version").asText("")));
        }
    }

    private static String identity(X509Certificate cert) {
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                List<String> names = new ArrayList<>();
                for (List<?> san : sans) {
                    names.add(String.valueOf(san.get(1)));
                }
                return String.join(", ", names);
            }
        } catch (CertificateParsingException e) {
            return "unreadable subject alternative names: " + e.getMessage();
        }
        return cert.getSubjectX500Principal().getName();
    }

    /** The OIDC issuer from Fulcio's extension, stripping the DER wrapping of the v2 form. */
    private static String issuer(X509Certificate cert) {
        byte[] v2 = cert.getExtensionValue(ISSUER_V2);
        if (v2 != null) {
            return new String(derContent(derContent(v2)), StandardCharsets.UTF_8);
        }
        byte[] v1 = cert.getExtensionValue(ISSUER_V1);
        return v1 == null ? "" : derString(v1);
    }

    /** The content of one DER TLV with a short or long length (OCTET STRING or UTF8String). */
    private static String derString(byte[] der) {
        return new String(derContent(der), StandardCharsets.UTF_8);
    }

    private static byte[] derContent(byte[] der) {
        if (der.length < 2) {
            return der;
        }
        int len = der[1] & 0xff;
        int at = 2;
        if (len > 0x7f) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n && at < der.length; i++) {
                len = (len << 8) | (der[at++] & 0xff);
            }
        }
        return java.util.Arrays.copyOfRange(der, at, Math.min(der.length, at + len));
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Map<String, Object> field(String name, String value) {
        return Map.of("name", name, "value", SiteText.visible(value));
    }
}
