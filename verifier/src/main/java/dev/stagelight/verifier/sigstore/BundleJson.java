package dev.stagelight.verifier.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stagelight.verifier.dsse.DsseException;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.merkle.MerkleHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own strict reading of a Sigstore bundle (protobuf JSON): the fields we report (log index, entry UUID, times)
 * and, for public-key bundles that sigstore-java refuses, everything we verify ourselves. Errors name the file and
 * the JSON pointer.
 */
final class BundleJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Rekor v1 checkpoints name their Trillian tree: {@code rekor.sigstore.dev - 2605736670972794746}. */
    private static final Pattern V1_ORIGIN = Pattern.compile(".* - (\\d{1,19})");
    static final String TLOG = "/verificationMaterial/tlogEntries/0";

    final String source;
    final JsonNode root;

    private BundleJson(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    static byte[] readFile(Path file) throws SigstoreException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SigstoreException(file + ": cannot read the bundle: " + e.getMessage(), e);
        }
    }

    static BundleJson parse(byte[] bytes, String source) throws SigstoreException {
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new SigstoreException(source + ": expected a JSON object (a Sigstore bundle)");
            }
            return new BundleJson(source, root);
        } catch (JsonProcessingException e) {
            throw new SigstoreException(source + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SigstoreException(source + ": cannot read the bundle: " + e.getMessage(), e);
        }
    }

    boolean hasPublicKey() {
        return root.at("/verificationMaterial/publicKey").isObject();
    }

    boolean isDsse() {
        return root.has("dsseEnvelope");
    }

    JsonNode node(String pointer) throws SigstoreException {
        JsonNode n = root.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            throw new SigstoreException(source + ": " + pointer + ": missing");
        }
        return n;
    }

    String text(String pointer) throws SigstoreException {
        JsonNode n = node(pointer);
        if (!n.isTextual()) {
            throw new SigstoreException(source + ": " + pointer + ": expected a string");
        }
        return n.textValue();
    }

    /** Protobuf JSON writes int64 as a decimal string. */
    long int64(String pointer) throws SigstoreException {
        JsonNode n = node(pointer);
        String s = n.isTextual() ? n.textValue() : n.isIntegralNumber() ? n.asText() : "";
        if (!s.matches("0|[1-9][0-9]{0,18}")) {
            throw new SigstoreException(source + ": " + pointer + ": expected a non-negative integer, got " + n);
        }
        return Long.parseLong(s);
    }

    long optionalInt64(String pointer) throws SigstoreException {
        JsonNode n = root.at(pointer);
        return n.isMissingNode() || n.isNull() ? 0 : int64(pointer);
    }

    byte[] base64(String pointer) throws SigstoreException {
        String s = text(pointer);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new SigstoreException(source + ": " + pointer + ": invalid base64: " + e.getMessage());
        }
    }

    Envelope envelope() throws SigstoreException {
        try {
            return Envelope.parse(MAPPER.writeValueAsBytes(node("/dsseEnvelope")), source + " /dsseEnvelope");
        } catch (DsseException e) {
            throw new SigstoreException(e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SigstoreException(source + ": /dsseEnvelope: " + e.getOriginalMessage(), e);
        }
    }

    /** Rekor v2 logs hashedrekord and dsse at version 0.0.2; intoto 0.0.2 is a Rekor v1 kind. */
    boolean rekorV2() throws SigstoreException {
        String kind = text(TLOG + "/kindVersion/kind");
        return "0.0.2".equals(text(TLOG + "/kindVersion/version")) && (kind.equals("hashedrekord") || kind.equals("dsse"));
    }

    byte[] canonicalizedBody() throws SigstoreException {
        return base64(TLOG + "/canonicalizedBody");
    }

    /** The facts we report, read from the first (and for us only) transparency log entry. */
    BundleVerification describe(String signer, Optional<Envelope> envelope) throws SigstoreException {
        boolean v2 = rekorV2();
        String uuid = HexFormat.of().formatHex(MerkleHash.leaf(canonicalizedBody()));
        Optional<String> entryId = Optional.empty();
        JsonNode checkpoint = root.at(TLOG + "/inclusionProof/checkpoint/envelope");
        if (!v2 && checkpoint.isTextual()) {
            Matcher m = V1_ORIGIN.matcher(checkpoint.textValue().lines().findFirst().orElse(""));
            if (m.matches()) {
                entryId = Optional.of(String.format("%016x", Long.parseUnsignedLong(m.group(1))) + uuid);
            }
        }
        long integrated = optionalInt64(TLOG + "/integratedTime");
        return new BundleVerification(
                v2 ? int64(TLOG + "/inclusionProof/logIndex") : int64(TLOG + "/logIndex"),
                uuid,
                entryId,
                HexFormat.of().formatHex(base64(TLOG + "/logId/keyId")),
                v2,
                integrated == 0 ? Optional.empty() : Optional.of(java.time.Instant.ofEpochSecond(integrated)),
                signer,
                envelope);
    }
}
