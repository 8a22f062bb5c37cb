package dev.stagelight.verifier.dsse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DSSE v1 envelope: {@code {"payload": b64, "payloadType": ..., "signatures": [{"keyid": ..., "sig": b64}]}}.
 *
 * @param payloadType the payload's media type; ours is {@link #IN_TOTO_PAYLOAD_TYPE}
 * @param payload     the payload bytes (decoded)
 * @param signatures  signatures over {@link Pae#encode(String, byte[])} of type and payload
 */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    /** The payload type of in-toto statements, which is what our manifests are. */
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    /**
     * One signature.
     *
     * @param keyid the signer's key id (for our keys, {@link dev.stagelight.verifier.keys.PublicKeys#keyId}); may be empty
     * @param sig   the raw signature bytes
     */
    public record Signature(String keyid, byte[] sig) {
        public Signature {
            Objects.requireNonNull(keyid, "keyid");
            sig = sig.clone();
        }

        @Override
        public byte[] sig() {
            return sig.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature s && s.keyid.equals(keyid) && Arrays.equals(s.sig, sig);
        }

        @Override
        public int hashCode() {
            return keyid.hashCode() * 31 + Arrays.hashCode(sig);
        }

        @Override
        public String toString() {
            return "Signature[keyid=" + keyid + "]";
        }
    }

    public Envelope {
        Objects.requireNonNull(payloadType, "payloadType");
        payload = payload.clone();
        signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The bytes every signature signs. */
    public byte[] pae() {
        return Pae.encode(payloadType, payload);
    }

    /** Parses an envelope; {@code source} (file or URL) and the JSON pointer of the bad field are named in errors. */
    public static Envelope parse(byte[] json, String source) throws DsseException {
        Map<String, Object> root = Json.object(Json.read(json, source), "", source);
        String type = Json.string(root, "/payloadType", source);
        if (type.isEmpty()) {
            throw new DsseException(source + ": /payloadType: must not be empty");
        }
        byte[] payload = Json.base64(root, "/payload", source);
        List<?> sigs = Json.array(root, "/signatures", source);
        if (sigs.isEmpty()) {
            throw new DsseException(source + ": /signatures: expected at least one signature");
        }
        List<Signature> list = new ArrayList<>(sigs.size());
        for (int i = 0; i < sigs.size(); i++) {
            String p = "/signatures/" + i;
            Json.object(root, p, source);
            byte[] sig = Json.base64(root, p + "/sig", source);
            if (sig.length == 0) {
                throw new DsseException(source + ": " + p + "/sig: empty signature");
            }
            list.add(new Signature(Json.optionalString(root, p + "/keyid", source), sig));
        }
        return new Envelope(type, payload, list);
    }

    /** Compact JSON with members in sorted order (standard base64); an empty keyid is omitted. */
    public byte[] toJson() {
        ObjectNode root = Json.Writer.MAPPER.createObjectNode();
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        root.put("payloadType", payloadType);
        ArrayNode arr = root.putArray("signatures");
        for (Signature s : signatures) {
            ObjectNode o = arr.addObject();
            if (!s.keyid().isEmpty()) {
                o.put("keyid", s.keyid());
            }
            o.put("sig", Base64.getEncoder().encodeToString(s.sig));
        }
        try {
            return Json.Writer.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            // Jackson's JsonProcessingException, not named: verifying a catch of it would load Jackson classes.
            throw new IllegalStateException("cannot serialise a DSSE envelope", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && e.payloadType.equals(payloadType) && Arrays.equals(e.payload, payload) && e.signatures.equals(signatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, signatures) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Envelope[" + payloadType + ", " + payload.length + " bytes, " + signatures + "]";
    }
}
