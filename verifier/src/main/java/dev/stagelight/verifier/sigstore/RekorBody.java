package dev.stagelight.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.Pem;
import dev.stagelight.verifier.keys.PublicKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What a Rekor entry body commits to: the signed digest (the artifact's for hashedrekord, the DSSE payload's for dsse)
 * and each signature with the key that made it. Covers hashedrekord and dsse, v0.0.1 (Rekor v1) and v0.0.2 (Rekor v2),
 * and intoto v0.0.2 (Rekor v1).
 */
record RekorBody(String kind, byte[] digest, List<Signed> signatures) {
    /** One signature the log recorded, and the public key (or the certificate's key) it names. */
    record Signed(byte[] signature, PublicKey key) {}

    static RekorBody parse(byte[] canonicalizedBody, String source) throws SigstoreException {
        String where = source + ": /verificationMaterial/tlogEntries/0/canonicalizedBody";
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(canonicalizedBody);
        } catch (IOException e) {
            throw new SigstoreException(where + ": not JSON: " + e.getMessage(), e);
        }
        String kind = body.path("kind").asText();
        String version = body.path("apiVersion").asText();
        JsonNode spec = body.path("spec");
        switch (kind + "@" + version) {
            case "hashedrekord@0.0.1":
                requireSha256(spec.at("/data/hash/algorithm").asText(), where + " /spec/data/hash/algorithm");
                return new RekorBody(kind, hex(spec.at("/data/hash/value"), where + " /spec/data/hash/value"), List.of(
                        new Signed(b64(spec.at("/signature/content"), where + " /spec/signature/content"),
                                pemKey(spec.at("/signature/publicKey/content"), where + " /spec/signature/publicKey/content"))));
            case "dsse@0.0.1": {
                requireSha256(spec.at("/payloadHash/algorithm").asText(), where + " /spec/payloadHash/algorithm");
                List<Signed> sigs = new ArrayList<>();
                for (int i = 0; i < spec.path("signatures").size(); i++) {
                    JsonNode s = spec.path("signatures").get(i);
                    String p = where + " /spec/signatures/" + i;
                    sigs.add(new Signed(b64(s.path("signature"), p + "/signature"), pemKey(s.path("verifier"), p + "/verifier")));
                }
                return new RekorBody(kind, hex(spec.at("/payloadHash/value"), where + " /spec/payloadHash/value"), sigs);
            }
            case "hashedrekord@0.0.2": {
                JsonNode h = spec.path("hashedRekordV002");
                requireSha256(h.at("/data/algorithm").asText(), where + " /spec/hashedRekordV002/data/algorithm");
                return new RekorBody(kind, b64(h.at("/data/digest"), where + " /spec/hashedRekordV002/data/digest"), List.of(
                        v2Signed(h.path("signature"), where + " /spec/hashedRekordV002/signature")));
            }
            case "dsse@0.0.2": {
                JsonNode d = spec.path("dsseV002");
                requireSha256(d.at("/payloadHash/algorithm").asText(), where + " /spec/dsseV002/payloadHash/algorithm");
                List<Signed> sigs = new ArrayList<>();
                for (int i = 0; i < d.path("signatures").size(); i++) {
                    sigs.add(v2Signed(d.path("signatures").get(i), where + " /spec/dsseV002/signatures/" + i));
                }
                return new RekorBody(kind, b64(d.at("/payloadHash/digest"), where + " /spec/dsseV002/payloadHash/digest"), sigs);
            }
            case "intoto@0.0.2": {
                // Rekor v1's in-toto entry: the envelope as submitted, each signature base64-encoded once more.
                JsonNode c = spec.path("content");
                requireSha256(c.at("/payloadHash/algorithm").asText(), where + " /spec/content/payloadHash/algorithm");
                JsonNode signatures = c.at("/envelope/signatures");
                List<Signed> sigs = new ArrayList<>();
                for (int i = 0; i < signatures.size(); i++) {
                    String p = where + " /spec/content/envelope/signatures/" + i;
                    byte[] inner = b64(signatures.get(i).path("sig"), p + "/sig");
                    byte[] sig;
                    try {
                        sig = Base64.getDecoder().decode(inner);
                    } catch (IllegalArgumentException e) {
                        throw new SigstoreException(p + "/sig: expected base64 of the base64 signature");
                    }
                    sigs.add(new Signed(sig, pemKey(signatures.get(i).path("publicKey"), p + "/publicKey")));
                }
                return new RekorBody(kind, hex(c.at("/payloadHash/value"), where + " /spec/content/payloadHash/value"), sigs);
            }
            default:
                throw new SigstoreException(where + ": unsupported Rekor entry kind \"" + kind + "\" version \"" + version
                        + "\" (expected hashedrekord or dsse, 0.0.1 or 0.0.2, or intoto 0.0.2)");
        }
    }

    private static Signed v2Signed(JsonNode s, String where) throws SigstoreException {
        byte[] sig = b64(s.path("content"), where + "/content");
        JsonNode verifier = s.path("verifier");
        if (verifier.has("publicKey")) {
            return new Signed(sig, spki(b64(verifier.at("/publicKey/rawBytes"), where + "/verifier/publicKey/rawBytes"), where));
        }
        return new Signed(sig, certificateKey(b64(verifier.at("/x509Certificate/rawBytes"), where + "/verifier/x509Certificate/rawBytes"), where));
    }

    /** v0.0.1 bodies carry a base64 PEM: a public key or a certificate. */
    private static PublicKey pemKey(JsonNode n, String where) throws SigstoreException {
        String pem = new String(b64(n, where), StandardCharsets.UTF_8);
        try {
            Pem.Block block = Pem.parseOne(pem, where, "PUBLIC KEY", "CERTIFICATE");
            return block.label().equals("CERTIFICATE") ? certificateKey(block.der(), where) : spki(block.der(), where);
        } catch (KeyException e) {
            throw new SigstoreException(e.getMessage(), e);
        }
    }

    private static PublicKey spki(byte[] der, String where) throws SigstoreException {
        try {
            return PublicKeys.parseSpki(der, where);
        } catch (KeyException e) {
            throw new SigstoreException(e.getMessage(), e);
        }
    }

    private static PublicKey certificateKey(byte[] der, String where) throws SigstoreException {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (CertificateException e) {
            throw new SigstoreException(where + ": not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static void requireSha256(String alg, String where) throws SigstoreException {
        if (!alg.equals("sha256") && !alg.equals("SHA2_256")) {
            throw new SigstoreException(where + ": expected sha256, got \"" + alg + "\"");
        }
    }

    private static byte[] b64(JsonNode n, String where) throws SigstoreException {
        if (!n.isTextual()) {
            throw new SigstoreException(where + ": expected a base64 string");
        }
        try {
            return Base64.getDecoder().decode(n.textValue());
        } catch (IllegalArgumentException e) {
            throw new SigstoreException(where + ": invalid base64: " + e.getMessage());
        }
    }

    private static byte[] hex(JsonNode n, String where) throws SigstoreException {
        if (!n.isTextual() || !n.textValue().matches("[0-9a-f]{64}")) {
            throw new SigstoreException(where + ": expected 64 lowercase hex digits");
        }
        return HexFormat.of().parseHex(n.textValue());
    }
}
