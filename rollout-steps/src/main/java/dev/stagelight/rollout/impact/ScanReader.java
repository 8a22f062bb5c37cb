package dev.stagelight.rollout.impact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams historical scans from JSONL (one scan object per line; blank lines skipped), never holding the file in
 * memory. Each scan must start on a new line. Errors name the file, line, column and field ({@code scans.jsonl:812:57: /findings/2/cvss: expected a number
 * from 0 to 10, got "9.8"}). Unknown fields are errors in strict mode; otherwise they are skipped and reported as
 * warnings, one per field name and place (JSONL is machine output: a newer producer adds the same field to every line,
 * so the warning names the first occurrence and counts the rest).
 *
 * <pre>
 * {"tenant":"t1","image":"acme/web:1.2","time":"2026-11-01T10:00:00Z","findings":[{"id":"CVE-2024-1","severity":"high",
 *   "cvss":7.5,"epss":0.02,"kev":false,"reachability":"SR","fix_available":true,"package":"openssl","vex_status":"",
 *   "age_days":12}]}
 * </pre>
 */
public final class ScanReader implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> SCAN_FIELDS = Set.of("tenant", "image", "time", "findings");
    private static final Set<String> FINDING_FIELDS = Set.of("id", "severity", "cvss", "epss", "kev", "reachability",
            "fix_available", "package", "vex_status", "age_days");

    private final String file;
    private final JsonParser p;
    private final Strictness strictness;
    private int scanLine;
    private int lastLine;
    /** Unknown fields by their path with list indices as '*': the first occurrence and how many there were. */
    private final Map<String, InputWarning> firstUnknown = new LinkedHashMap<>();
    private final Map<String, long[]> unknownCount = new HashMap<>();

    private ScanReader(String file, JsonParser parser, Strictness strictness) {
        this.file = file;
        this.p = parser;
        this.strictness = strictness;
    }

    /** One streaming parser over the whole file: no per-line strings, exact line numbers from the parser. */
    public static ScanReader open(Path file, Strictness strictness) {
        try {
            // Byte input lets Jackson use its UTF-8 parser (faster than decoding to chars first); it rejects bad UTF-8.
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return new ScanReader(file.toString(), JSON.createParser(in), strictness);
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, 0, "", "cannot read file: " + e.getMessage(), e);
        }
    }

    /** Reads every scan of {@code file} into {@code sink}, in file order; returns the number of scans and the warnings. */
    public static Loaded<Long> forEach(Path file, Strictness strictness, Consumer<Scan> sink) {
        long n = 0;
        try (ScanReader r = open(file, strictness)) {
            for (Scan s = r.next(); s != null; s = r.next()) {
                sink.accept(s);
                n++;
            }
            return new Loaded<>(n, r.warnings());
        }
    }

    /** The unknown fields skipped so far (lenient mode), one warning per field with its first location and count. */
    public List<InputWarning> warnings() {
        List<InputWarning> out = new ArrayList<>();
        firstUnknown.forEach((key, w) -> {
            long n = unknownCount.get(key)[0];
            out.add(n == 1 ? w : new InputWarning(w.file(), w.line(), w.column(), w.field(),
                    w.message() + "; " + n + " occurrences, the first shown"));
        });
        return out;
    }

    /** The next scan, or null at the end of the file. */
    public Scan next() {
        try {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            scanLine = p.currentTokenLocation().getLineNr();
            if (first != JsonToken.START_OBJECT) {
                throw error("", "expected a scan object");
            }
            if (scanLine == lastLine) {
                throw error("", "expected one scan object per line");
            }
            Scan scan = scan();
            lastLine = p.currentLocation().getLineNr();
            return scan;
        } catch (JsonParseException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new InputException(file, line, col, "", "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(file, scanLine, 0, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private Scan scan() throws IOException {
        String tenant = null;
        String image = null;
        Instant time = null;
        List<Finding> findings = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!SCAN_FIELDS.contains(name)) {
                unknown("/" + name, "/" + name);
                continue;
            }
            JsonToken t = p.nextToken();
            switch (name) {
                case "tenant" -> tenant = string(t, "/tenant");
                case "image" -> image = string(t, "/image");
                case "time" -> time = time(t);
                default -> findings = findings(t);
            }
        }
        require(tenant, "tenant");
        require(image, "image");
        require(time, "time");
        require(findings, "findings");
        return new Scan(tenant, image, time, findings);
    }

    private Instant time(JsonToken t) throws IOException {
        String s = string(t, "/time");
        Instant fast = Rfc3339.parseUtcSeconds(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw error("/time", "expected an RFC 3339 UTC time such as 2026-11-01T10:00:00Z, got \"" + s + "\"");
        }
    }

    private List<Finding> findings(JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw error("/findings", "expected a list of findings");
        }
        List<Finding> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw error("/findings/" + out.size(), "expected a finding object");
            }
            out.add(finding(out.size()));
        }
        return out;
    }

    // Field paths are built only for messages: this loop runs for every field of every finding of a million scans.
    private Finding finding(int i) throws IOException {
        String id = null;
        String severity = null;
        double cvss = Double.NaN;
        double epss = Double.NaN;
        boolean kev = false;
        String reach = "UK";
        boolean fix = false;
        String pkg = "";
        String vex = "";
        double age = Double.NaN;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!FINDING_FIELDS.contains(name)) {
                unknown("/findings/" + i + "/" + name, "/findings/*/" + name);
                continue;
            }
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = string(t, i, name);
                case "severity" -> severity = code(t, i, name, FindingCodes.SEVERITIES);
                case "cvss" -> cvss = number(t, i, name, 10, "a number from 0 to 10");
                case "epss" -> epss = number(t, i, name, 1, "a probability from 0 to 1");
                case "kev" -> kev = bool(t, i, name);
                case "reachability" -> reach = code(t, i, name, FindingCodes.REACHABILITY);
                case "fix_available" -> fix = bool(t, i, name);
                case "package" -> pkg = string(t, i, name);
                case "vex_status" -> vex = code(t, i, name, FindingCodes.VEX);
                default -> age = number(t, i, name, Double.MAX_VALUE, "a number of days, 0 or more");
            }
        }
        if (id == null) {
            throw error("/findings/" + i + "/id", "required field is missing");
        }
        if (severity == null) {
            throw error("/findings/" + i + "/severity", "required field is missing");
        }
        return new Finding(id, severity, cvss, epss, kev, reach, fix, pkg, vex, age);
    }

    /** An unknown field; the parser is on its name. Strict: an error. Lenient: skipped and counted. */
    private void unknown(String field, String key) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        if (strictness == Strictness.STRICT) {
            throw new InputException(file, at.getLineNr(), at.getColumnNr(), field, "unknown field");
        }
        long[] n = unknownCount.computeIfAbsent(key, k -> new long[1]);
        if (n[0]++ == 0) {
            firstUnknown.put(key, new InputWarning(file, at.getLineNr(), at.getColumnNr(), field,
                    "unknown field '" + field.substring(field.lastIndexOf('/') + 1) + "' (ignored)"));
        }
        p.nextToken();
        p.skipChildren();
    }

    private String string(JsonToken t, int finding, String name) throws IOException {
        return t == JsonToken.VALUE_STRING ? p.getText() : string(t, findingField(finding, name));
    }

    private String code(JsonToken t, int finding, String name, List<String> codes) throws IOException {
        String s = t == JsonToken.VALUE_STRING ? FindingCodes.canonical(codes, p.getText()) : null;
        return s != null ? s : code(t, findingField(finding, name), codes);
    }

    private double number(JsonToken t, int finding, String name, double max, String what) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d >= 0 && d <= max) {
                return d;
            }
        }
        return number(t, findingField(finding, name), max, what);
    }

    private boolean bool(JsonToken t, int finding, String name) throws IOException {
        return t == JsonToken.VALUE_TRUE || (t != JsonToken.VALUE_FALSE && bool(t, findingField(finding, name)));
    }

    private static String findingField(int finding, String name) {
        return "/findings/" + finding + "/" + name;
    }

    private String string(JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw error(field, "expected a string, got " + p.getText());
        }
        return p.getText();
    }

    private String code(JsonToken t, String field, List<String> codes) throws IOException {
        String s = t == JsonToken.VALUE_STRING ? FindingCodes.canonical(codes, p.getText()) : null;
        if (s == null) {
            throw error(field, "expected one of " + String.join(", ", codes.stream().map(c -> c.isEmpty() ? "\"\"" : c).toList())
                    + ", got " + shown(t));
        }
        return s;
    }

    private double number(JsonToken t, String field, double max, String what) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw error(field, "expected " + what + ", got " + shown(t));
        }
        double d = p.getDoubleValue();
        if (!(d >= 0 && d <= max)) {
            throw error(field, "expected " + what + ", got " + p.getText());
        }
        return d;
    }

    private boolean bool(JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw error(field, "expected true or false, got " + shown(t));
    }

    private String shown(JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
    }

    private void require(Object value, String field) {
        if (value == null) {
            throw new InputException(file, scanLine, 1, "/" + field, "required field is missing");
        }
    }

    private InputException error(String field, String problem) {
        // The token location points at the value that is wrong.
        return new InputException(file, p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr(), field, problem);
    }

    @Override
    public void close() {
        try {
            p.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
