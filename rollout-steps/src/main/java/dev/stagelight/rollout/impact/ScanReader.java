package dev.stagelight.rollout.impact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.Strictness;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams historical scans from JSONL (one scan object per line; blank lines skipped), never holding the file in
 * memory. Errors name the file, line, column and field ({@code scans.jsonl:812:57: /findings/2/cvss: expected a number
 * from 0 to 10, got "9.8"}). Unknown fields are errors in strict mode and ignored otherwise (JSONL is machine output;
 * newer producers may add fields).
 *
 * <pre>
 * {"tenant":"t1","image":"acme/web:1.2","time":"2026-11-01T10:00:00Z","findings":[{"id":"CVE-2024-1","severity":"high",
 *   "cvss":7.5,"epss":0.02,"kev":false,"reachability":"SR","fix_available":true,"package":"openssl","vex_status":"",
 *   "age_days":12}]}
 * </pre>
 */
public final class ScanReader implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();

    private final String file;
    private final BufferedReader in;
    private final Strictness strictness;
    private int lineNo;

    private ScanReader(String file, BufferedReader in, Strictness strictness) {
        this.file = file;
        this.in = in;
        this.strictness = strictness;
    }

    public static ScanReader open(Path file, Strictness strictness) {
        try {
            return new ScanReader(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8), strictness);
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, 0, "", "cannot read file: " + e.getMessage(), e);
        }
    }

    /** Reads every scan of {@code file} into {@code sink}, in file order; returns the number of scans. */
    public static long forEach(Path file, Strictness strictness, Consumer<Scan> sink) {
        long n = 0;
        try (ScanReader r = open(file, strictness)) {
            for (Scan s = r.next(); s != null; s = r.next()) {
                sink.accept(s);
                n++;
            }
        }
        return n;
    }

    /** The next scan, or null at the end of the file. */
    public Scan next() {
        String line;
        try {
            do {
                line = in.readLine();
                lineNo++;
            } while (line != null && line.isBlank());
        } catch (IOException e) {
            throw new InputException(file, lineNo, 0, "", "cannot read: " + e.getMessage(), e);
        }
        return line == null ? null : parse(line);
    }

    /** Parses one line; public for tests and tools that hold a single scan. */
    Scan parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw error(p, "", "expected a scan object");
            }
            String tenant = null;
            String image = null;
            Instant time = null;
            List<Finding> findings = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "tenant" -> tenant = string(p, t, "/tenant");
                    case "image" -> image = string(p, t, "/image");
                    case "time" -> {
                        String s = string(p, t, "/time");
                        try {
                            time = Instant.parse(s);
                        } catch (DateTimeParseException e) {
                            throw error(p, "/time", "expected an RFC 3339 UTC time such as 2026-11-01T10:00:00Z, got \"" + s + "\"");
                        }
                    }
                    case "findings" -> findings = findings(p, t);
                    default -> unknown(p, "/" + name);
                }
            }
            if (p.nextToken() != null) {
                throw error(p, "", "expected one scan object per line");
            }
            require(p, tenant, "tenant");
            require(p, image, "image");
            require(p, time, "time");
            require(p, findings, "findings");
            return new Scan(tenant, image, time, findings);
        } catch (JsonParseException e) {
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new InputException(file, lineNo, col, "", "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Finding> findings(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw error(p, "/findings", "expected a list of findings");
        }
        List<Finding> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String at = "/findings/" + out.size();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw error(p, at, "expected a finding object");
            }
            out.add(finding(p, at));
        }
        return out;
    }

    private Finding finding(JsonParser p, String at) throws IOException {
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
            String field = at + "/" + name;
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = string(p, t, field);
                case "severity" -> severity = code(p, t, field, FindingCodes.SEVERITIES);
                case "cvss" -> cvss = number(p, t, field, 10, "a number from 0 to 10");
                case "epss" -> epss = number(p, t, field, 1, "a probability from 0 to 1");
                case "kev" -> kev = bool(p, t, field);
                case "reachability" -> reach = code(p, t, field, FindingCodes.REACHABILITY);
                case "fix_available" -> fix = bool(p, t, field);
                case "package" -> pkg = string(p, t, field);
                case "vex_status" -> vex = code(p, t, field, FindingCodes.VEX);
                case "age_days" -> age = number(p, t, field, Double.MAX_VALUE, "a number of days, 0 or more");
                default -> unknown(p, field);
            }
        }
        if (id == null) {
            throw error(p, at + "/id", "required field is missing");
        }
        if (severity == null) {
            throw error(p, at + "/severity", "required field is missing");
        }
        return new Finding(id, severity, cvss, epss, kev, reach, fix, pkg, vex, age);
    }

    private void unknown(JsonParser p, String field) throws IOException {
        if (strictness == Strictness.STRICT) {
            throw error(p, field, "unknown field");
        }
        p.skipChildren();
    }

    private String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw error(p, field, "expected a string, got " + p.getText());
        }
        return p.getText();
    }

    private String code(JsonParser p, JsonToken t, String field, List<String> codes) throws IOException {
        String s = t == JsonToken.VALUE_STRING ? FindingCodes.canonical(codes, p.getText()) : null;
        if (s == null) {
            throw error(p, field, "expected one of " + String.join(", ", codes.stream().map(c -> c.isEmpty() ? "\"\"" : c).toList())
                    + ", got " + shown(p, t));
        }
        return s;
    }

    private double number(JsonParser p, JsonToken t, String field, double max, String what) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw error(p, field, "expected " + what + ", got " + shown(p, t));
        }
        double d = p.getDoubleValue();
        if (!(d >= 0 && d <= max)) {
            throw error(p, field, "expected " + what + ", got " + p.getText());
        }
        return d;
    }

    private boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw error(p, field, "expected true or false, got " + shown(p, t));
    }

    private static String shown(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
    }

    private void require(JsonParser p, Object value, String field) {
        if (value == null) {
            throw new InputException(file, lineNo, 1, "/" + field, "required field is missing");
        }
    }

    private InputException error(JsonParser p, String field, String problem) {
        // The token location points at the value that is wrong.
        return new InputException(file, lineNo, p.currentTokenLocation().getColumnNr(), field, problem);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
