package dev.stagelight.verifier.dsse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement v1: what was produced ({@code subject}: names with SHA-256 digests), what kind of claim it is
 * ({@code predicateType}) and the claim itself ({@code predicate}, kept as JSON for the predicate's own parser).
 */
public record Statement(List<Subject> subject, String predicateType, JsonNode predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";

    /**
     * One subject.
     *
     * @param name   the file name (as listed in the export)
     * @param sha256 its SHA-256, 64 lowercase hex digits
     */
    public record Subject(String name, String sha256) {
        public Subject {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("subject " + name + ": sha256 must be 64 lowercase hex digits");
            }
        }
    }

    public Statement {
        subject = List.copyOf(subject);
        Objects.requireNonNull(predicateType, "predicateType");
        predicate = predicate == null ? null : predicate.deepCopy();
    }

    @Override
    public JsonNode predicate() {
        return predicate == null ? null : predicate.deepCopy();
    }

    /** Parses and validates a statement; errors name the source and the JSON pointer. */
    public static Statement parse(byte[] json, String source) throws DsseException {
        JsonNode root = Json.object(Json.read(json, source), "", source);
        String type = Json.string(root, "/_type", source);
        if (!TYPE.equals(type)) {
            throw new DsseException(source + ": /_type: expected \"" + TYPE + "\", got \"" + type + "\"");
        }
        JsonNode subjects = Json.array(root, "/subject", source);
        if (subjects.isEmpty()) {
            throw new DsseException(source + ": /subject: expected at least one subject");
        }
        List<Subject> list = new ArrayList<>(subjects.size());
        for (int i = 0; i < subjects.size(); i++) {
            String p = "/subject/" + i;
            Json.object(root, p, source);
            String name = Json.string(root, p + "/name", source);
            if (name.isEmpty()) {
                throw new DsseException(source + ": " + p + "/name: must not be empty");
            }
            Json.object(root, p + "/digest", source);
            String sha = Json.string(root, p + "/digest/sha256", source);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new DsseException(source + ": " + p + "/digest/sha256: expected 64 lowercase hex digits, got \"" + sha + "\"");
            }
            list.add(new Subject(name, sha));
        }
        String predicateType = Json.string(root, "/predicateType", source);
        if (predicateType.isEmpty()) {
            throw new DsseException(source + ": /predicateType: must not be empty");
        }
        JsonNode predicate = root.get("predicate");
        if (predicate != null && !predicate.isObject()) {
            throw new DsseException(source + ": /predicate: expected a JSON object, got " + Json.kind(predicate));
        }
        return new Statement(list, predicateType, predicate);
    }

    /** Parses the payload of an envelope, which must carry the in-toto payload type. */
    public static Statement fromEnvelope(Envelope envelope, String source) throws DsseException {
        if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw new DsseException(source + ": /payloadType: expected \"" + Envelope.IN_TOTO_PAYLOAD_TYPE + "\", got \""
                    + envelope.payloadType() + "\"");
        }
        return parse(envelope.payload(), source + " (payload)");
    }

    /** Compact JSON ({@code _type}, {@code subject}, {@code predicateType}, {@code predicate}). */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("_type", TYPE);
        ArrayNode arr = root.putArray("subject");
        for (Subject s : subject) {
            ObjectNode o = arr.addObject();
            o.put("name", s.name());
            o.putObject("digest").put("sha256", s.sha256());
        }
        root.put("predicateType", predicateType);
        if (predicate != null) {
            root.set("predicate", predicate.deepCopy());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an in-toto statement", e);
        }
    }
}
