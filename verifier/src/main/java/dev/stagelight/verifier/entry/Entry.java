package dev.stagelight.verifier.entry;

import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.json.JsonReader;
import dev.stagelight.verifier.json.JsonSyntaxException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.stagelight.verifier.layout.IndexLayout;
import java.util.regex.Pattern;

/**
 * One v1 index entry: the leaf of the log. Its canonical JSON (RFC 8785) bytes are the leaf; it points to its manifest
 * by digest ({@code manifests/<manifest_sha256>.json}) and chains to the entry before it by {@code prev}, that entry's
 * leaf hash. Exactly one of {@code signature} (a key-signed DSSE envelope beside the manifest) and
 * {@code sigstoreBundlePath} (a Sigstore bundle beside it) is present; {@code rekor} only with a Sigstore bundle.
 */
public record Entry(
        long seq,
        Instant ts,
        String tenant,
        String region,
        EntryKind kind,
        String manifestSha256,
        EntrySignature signature,
        String sigstoreBundlePath,
        RekorRef rekor,
        String prev) {

    public static final int VERSION = 1;
    /** {@code prev} of the first entry. */
    public static final String NO_PREV = "0".repeat(64);

    private static final Set<String> FIELDS = Set.of("v", "seq", "ts", "tenant", "region", "kind", "manifest_sha256",
            "manifest_path", "signature", "sigstore_bundle_path", "rekor", "prev");

    public Entry {
        Checker c = new Checker("entry " + seq);
        c.require(seq >= 0, "/seq", "expected a non-negative integer");
        c.require(ts != null, "/ts", "expected an RFC 3339 UTC time");
        c.name("/tenant", tenant);
        c.name("/region", region);
        c.require(kind != null, "/kind", "expected \"export\" or \"rollout-evidence\"");
        c.hex64("/manifest_sha256", manifestSha256);
        c.require((signature == null) != (sigstoreBundlePath == null), "",
                "expected exactly one of \"signature\" and \"sigstore_bundle_path\"");
        if (signature != null) {
            c.require(EntrySignature.ED25519.equals(signature.alg()) || EntrySignature.ECDSA_P256_SHA256.equals(signature.alg()),
                    "/signature/alg", "expected \"" + EntrySignature.ED25519 + "\" or \"" + EntrySignature.ECDSA_P256_SHA256 + "\"");
            c.require(signature.keyid() != null && EntryChars.isPrintable(signature.keyid()), "/signature/keyid",
                    "expected 1-256 printable ASCII characters");
            c.require(signature.sig() != null && !signature.sig().isEmpty() && EntryChars.isBase64(signature.sig()),
                    "/signature/sig", "expected standard base64");
        } else {
            String expected = IndexLayout.sigstoreBundle(manifestSha256);
            if (!sigstoreBundlePath.equals(expected)) {
                throw c.fail("/sigstore_bundle_path", "expected \"" + expected + "\"");
            }
        }
        if (rekor != null) {
            c.require(sigstoreBundlePath != null, "/rekor", "expected only with \"sigstore_bundle_path\"");
            c.require(rekor.logIndex() >= 0, "/rekor/log_index", "expected a non-negative integer");
            c.require(rekor.uuid() != null && (EntryChars.isLowerHex(rekor.uuid(), 64) || EntryChars.isLowerHex(rekor.uuid(), 80)), "/rekor/uuid",
                    "expected 64 (or 80, with tree id) lowercase hex digits");
        }
        c.hex64("/prev", prev);
    }

    /** Where the manifest (the in-toto Statement bytes whose SHA-256 is {@link #manifestSha256}) is published. */
    public String manifestPath() {
        return IndexLayout.manifest(manifestSha256);
    }

    /** The RFC 3339 UTC spelling of {@link #ts}: {@code 2026-11-24T23:42:07Z}, with a fraction only when non-zero. */
    public String tsText() {
        String plain = EntryChars.plainUtcSeconds(ts);
        return plain != null ? plain : DateTimeFormatter.ISO_INSTANT.format(ts);
    }

    /** The leaf bytes: RFC 8785 canonical JSON. */
    public byte[] toCanonicalBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("seq", seq);
        m.put("ts", tsText());
        m.put("tenant", tenant);
        m.put("region", region);
        m.put("kind", kind.wire());
        m.put("manifest_sha256", manifestSha256);
        m.put("manifest_path", manifestPath());
        if (signature != null) {
            m.put("signature", Map.of("alg", signature.alg(), "keyid", signature.keyid(), "sig", signature.sig()));
        } else {
            m.put("sigstore_bundle_path", sigstoreBundlePath);
        }
        if (rekor != null) {
            m.put("rekor", Map.of("log_index", rekor.logIndex(), "uuid", rekor.uuid()));
        }
        m.put("prev", prev);
        return CanonicalJson.canonicalizePlain(m);
    }

    /**
     * Parses and validates the leaf bytes of an entry.
     *
     * @param canonicalJson the entry bytes exactly as stored in the entry bundle
     * @param source where they came from, for error messages (e.g. {@code tile/entries/000#7})
     * @throws EntryException naming the source, the field and what was expected; also when the bytes are valid JSON
     *     but not in RFC 8785 canonical form (the leaf hash must be reproducible from the values)
     */
    public static Entry parse(byte[] canonicalJson, String source) {
        Object parsed;
        try {
            parsed = JsonReader.parse(canonicalJson);
        } catch (JsonSyntaxException e) {
            if (JsonReader.EMPTY_DOCUMENT.equals(e.reason())) {
                throw new EntryException(source, "", "expected a JSON object");
            }
            throw new EntryException(source, "", "malformed JSON: " + e.reason()
                    + " at line " + e.line() + ", column " + e.column());
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new EntryException(source, "", "expected a JSON object");
        }
        Checker c = new Checker(source);
        for (Object f : root.keySet()) {
            if (!FIELDS.contains(f)) {
                throw c.fail("/" + f, "unknown field; expected one of " + new java.util.TreeSet<>(FIELDS));
            }
        }
        long v = c.integer(root, "/v");
        c.require(v == VERSION, "/v", "expected " + VERSION + " (this verifier reads entry format v1)");
        long seq = c.integer(root, "/seq");
        Instant ts = c.time(root, "/ts");
        String tenant = c.text(root, "/tenant");
        String region = c.text(root, "/region");
        String kindText = c.text(root, "/kind");
        EntryKind kind = EntryKind.fromWire(kindText);
        if (kind == null) {
            throw c.fail("/kind", "expected \"export\" or \"rollout-evidence\", found \"" + kindText + "\"");
        }
        String sha = c.text(root, "/manifest_sha256");
        c.hex64("/manifest_sha256", sha);
        c.manifestPath(c.text(root, "/manifest_path"), sha);
        EntrySignature signature = null;
        String bundlePath = null;
        RekorRef rekor = null;
        if (root.containsKey("signature")) {
            c.require(!root.containsKey("sigstore_bundle_path"), "/sigstore_bundle_path",
                    "expected only one of \"signature\" and \"sigstore_bundle_path\"");
            c.object(root, "/signature", Set.of("alg", "keyid", "sig"));
            signature = new EntrySignature(c.text(root, "/signature/alg"), c.text(root, "/signature/keyid"),
                    c.text(root, "/signature/sig"));
        } else {
            c.require(root.containsKey("sigstore_bundle_path"), "", "expected \"signature\" or \"sigstore_bundle_path\"");
            bundlePath = c.text(root, "/sigstore_bundle_path");
            c.relativePath("/sigstore_bundle_path", bundlePath);
        }
        if (root.containsKey("rekor")) {
            c.object(root, "/rekor", Set.of("log_index", "uuid"));
            rekor = new RekorRef(c.integer(root, "/rekor/log_index"), c.text(root, "/rekor/uuid"));
        }
        String prev = c.text(root, "/prev");
        Entry entry;
        try {
            entry = new Entry(seq, ts, tenant, region, kind, sha, signature, bundlePath, rekor, prev);
        } catch (EntryException e) {
            throw new EntryException(source, e.pointer(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2)
                    .replaceFirst("^" + Pattern.quote(e.pointer()) + ": ", ""));
        }
        if (!Arrays.equals(entry.toCanonicalBytes(), canonicalJson)) {
            throw new EntryException(source, "", "entry JSON is not in RFC 8785 canonical form "
                    + "(sorted keys, no whitespace, shortest escapes); the leaf must be the canonical bytes");
        }
        return entry;
    }

    /** Field checks that throw {@link EntryException} naming the source and JSON pointer. */
    private static final class Checker {
        private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
        private final String source;

        Checker(String source) {
            this.source = source;
        }

        // require takes a ready message; a check whose message quotes the value tests first and calls fail only when
        // it fails: a full audit checks a dozen fields of a million entries, nearly all of them fine.
        void require(boolean ok, String pointer, String expected) {
            if (!ok) {
                throw fail(pointer, expected);
            }
        }

        EntryException fail(String pointer, String expected) {
            return new EntryException(source, pointer, expected);
        }

        /** True when no "/"-separated segment of {@code path} is empty, "." or "..". */
        private static boolean normalizedSegments(String path) {
            int start = 0;
            while (true) {
                int end = path.indexOf('/', start);
                int stop = end < 0 ? path.length() : end;
                int len = stop - start;
                if (len == 0 || (len == 1 && path.charAt(start) == '.')
                        || (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                    return false;
                }
                if (end < 0) {
                    return true;
                }
                start = end + 1;
            }
        }

        Object node(Object root, String pointer) {
            Object n = JsonReader.at(root, pointer);
            require(n != null, pointer, "missing required field");
            return n;
        }

        long integer(Object root, String pointer) {
            Object n = node(root, pointer);
            if (!(n instanceof Long)) {
                throw fail(pointer, "expected an integer, found " + type(n));
            }
            return (Long) n;
        }

        String text(Object root, String pointer) {
            Object n = node(root, pointer);
            if (!(n instanceof String)) {
                throw fail(pointer, "expected a string, found " + type(n));
            }
            return (String) n;
        }

        void object(Object root, String pointer, Set<String> fields) {
            Object n = node(root, pointer);
            if (!(n instanceof Map)) {
                throw fail(pointer, "expected an object, found " + type(n));
            }
            for (Object f : ((Map<?, ?>) n).keySet()) {
                if (!fields.contains(f)) {
                    throw fail(pointer + "/" + f, "unknown field; expected one of " + new java.util.TreeSet<>(fields));
                }
            }
        }

        /** The node type as Jackson's {@code JsonNodeType} spells it (these messages predate the reader). */
        private static String type(Object n) {
            return JsonReader.typeName(n).toUpperCase(Locale.ROOT);
        }

        Instant time(Object root, String pointer) {
            String text = text(root, pointer);
            Instant plain = EntryChars.parsePlainUtcSeconds(text);
            if (plain != null) {
                return plain; // whole seconds, years 0000-9999: already the shortest spelling
            }
            try {
                require(text.endsWith("Z"), pointer, "expected an RFC 3339 time in UTC ending in Z, found \"" + text + "\"");
                Instant t = Instant.parse(text);
                require(DateTimeFormatter.ISO_INSTANT.format(t).equals(text), pointer,
                        "expected the shortest RFC 3339 UTC spelling " + DateTimeFormatter.ISO_INSTANT.format(t) + ", found \"" + text + "\"");
                return t;
            } catch (DateTimeParseException e) {
                throw new EntryException(source, pointer, "expected an RFC 3339 UTC time like 2026-11-24T23:42:07Z, found \"" + text + "\"");
            }
        }

        void name(String pointer, String value) {
            if (value == null || !EntryChars.isName(value)) {
                throw fail(pointer, "expected 1-128 characters [A-Za-z0-9._-] starting with a letter or digit, found "
                        + quoted(value));
            }
        }

        void hex64(String pointer, String value) {
            if (value == null || !EntryChars.isLowerHex(value, 64)) {
                throw fail(pointer, "expected 64 lowercase hex digits, found " + quoted(value));
            }
        }

        /** A path inside the index: relative, no traversal, no scheme or host. */
        void relativePath(String pointer, String path) {
            if (path.contains("://") || path.startsWith("//")) {
                throw fail(pointer, "expected a path inside the index, found a URL or foreign host " + quoted(path));
            }
            if (path.startsWith("/") || path.contains("\\") || DRIVE.matcher(path).matches()) {
                throw fail(pointer, "expected a relative path inside the index, found an absolute path " + quoted(path));
            }
            if (!normalizedSegments(path)) {
                throw fail(pointer, "expected a normalized relative path, found traversal or empty segments in "
                        + quoted(path));
            }
            if (path.contains(":")) {
                throw fail(pointer, "expected a plain relative path, found a scheme in " + quoted(path));
            }
        }

        void manifestPath(String path, String sha) {
            relativePath("/manifest_path", path);
            String expected = IndexLayout.manifest(sha);
            if (!path.equals(expected)) {
                throw fail("/manifest_path", "expected \"" + expected + "\" (the manifest is addressed by its digest), found "
                        + quoted(path));
            }
        }

        private static String quoted(String s) {
            return s == null ? "nothing" : "\"" + s + "\"";
        }
    }
}
