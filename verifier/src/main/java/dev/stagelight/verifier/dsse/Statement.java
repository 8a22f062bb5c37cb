package dev.stagelight.verifier.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-toto Statement v1: what was produced ({@code subject}: names with SHA-256 digests), what kind of claim it is
 * ({@code predicateType}) and the claim itself ({@code predicate}, kept as JSON for the predicate's own parser).
 * A parsed statement keeps its document and builds the predicate's Jackson tree only when asked, so verifying a
 * bundle (which needs the subjects alone) does not start Jackson.
 */
public final class Statement {
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
            if (!Hex64.is(sha256)) {
                throw new IllegalArgumentException("subject " + name + ": sha256 must be 64 lowercase hex digits");
            }
        }
    }

    private final List<Subject> subject;
    private final String predicateType;
    /** The parsed document whose {@code predicate} member is the predicate; null when built from a tree. */
    private final byte[] document;
    private JsonNode predicate;
    private boolean predicateRead;

    /**
     * @param subject       the subjects
     * @param predicateType the predicate's type URI
     * @param predicate     the predicate object, or null when there is none
     */
    public Statement(List<Subject> subject, String predicateType, JsonNode predicate) {
        this(subject, predicateType, null, predicate == null ? null : predicate.deepCopy(), true);
    }

    private Statement(List<Subject> subject, String predicateType, byte[] document, JsonNode predicate,
            boolean predicateRead) {
        this.subject = List.copyOf(subject);
        this.predicateType = Objects.requireNonNull(predicateType, "predicateType");
        this.document = document;
        this.predicate = predicate;
        this.predicateRead = predicateRead;
    }

    public List<Subject> subject() {
        return subject;
    }

    public String predicateType() {
        return predicateType;
    }

    /** The predicate as a Jackson tree (a copy), or null when the statement has none. */
    public JsonNode predicate() {
        JsonNode p = predicateTree();
        return p == null ? null : p.deepCopy();
    }

    private synchronized JsonNode predicateTree() {
        if (!predicateRead) {
            try {
                predicate = Json.Writer.MAPPER.readTree(document).get("predicate");
            } catch (IOException e) {
                throw new IllegalStateException("a parsed statement must parse again", e);
            }
            predicateRead = true;
        }
        return predicate;
    }

    /** Parses and validates a statement; errors name the source and the JSON pointer. */
    public static Statement parse(byte[] json, String source) throws DsseException {
        Map<String, Object> root = Json.object(Json.read(json, source), "", source);
        String type = Json.string(root, "/_type", source);
        if (!TYPE.equals(type)) {
            throw new DsseException(source + ": /_type: expected \"" + TYPE + "\", got \"" + type + "\"");
        }
        List<?> subjects = Json.array(root, "/subject", source);
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
            if (!Hex64.is(sha)) {
                throw new DsseException(source + ": " + p + "/digest/sha256: expected 64 lowercase hex digits, got \"" + sha + "\"");
            }
            list.add(new Subject(name, sha));
        }
        String predicateType = Json.string(root, "/predicateType", source);
        if (predicateType.isEmpty()) {
            throw new DsseException(source + ": /predicateType: must not be empty");
        }
        Object predicate = root.get("predicate");
        if (predicate != null && !(predicate instanceof Map)) {
            throw new DsseException(source + ": /predicate: expected a JSON object, got " + Json.kind(predicate));
        }
        return predicate == null ? new Statement(list, predicateType, null, null, true)
                : new Statement(list, predicateType, json.clone(), null, false);
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
        ObjectNode root = Json.Writer.MAPPER.createObjectNode();
        root.put("_type", TYPE);
        ArrayNode arr = root.putArray("subject");
        for (Subject s : subject) {
            ObjectNode o = arr.addObject();
            o.put("name", s.name());
            o.putObject("digest").put("sha256", s.sha256());
        }
        root.put("predicateType", predicateType);
        JsonNode p = predicateTree();
        if (p != null) {
            root.set("predicate", p.deepCopy());
        }
        try {
            return Json.Writer.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            // Jackson's JsonProcessingException, not named: verifying a catch of it would load Jackson classes.
            throw new IllegalStateException("cannot serialise an in-toto statement", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Statement s && s.subject.equals(subject) && s.predicateType.equals(predicateType)
                && Objects.equals(s.predicateTree(), predicateTree());
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, predicateType, predicateTree());
    }

    @Override
    public String toString() {
        return "Statement[subject=" + subject + ", predicateType=" + predicateType + "]";
    }
}
