package dev.stagelight.rollout.gate.judge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stagelight.rollout.input.InputException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of {@link JudgeSamples}, read as a stream (no tree of a million nodes): {@code {"metrics": {name:
 * [value or [time, value], ...]}}}. Errors name the file, line:column and field, as the input loader's do.
 */
final class JsonSamples {
    private final String file;
    private final JsonParser p;

    private JsonSamples(String file, JsonParser p) {
        this.file = file;
        this.p = p;
    }

    static Map<String, double[]> read(String file, JsonParser parser) throws IOException {
        try (JsonParser p = parser) {
            return new JsonSamples(file, p).document();
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw new InputException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), "",
                    "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, double[]> document() throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "", "a mapping");
        Map<String, double[]> out = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            if (!"metrics".equals(key)) {
                throw error("/" + key, "unknown field '" + key + "' (known: metrics)");
            }
            p.nextToken();
            out = metrics();
        }
        if (out == null) {
            throw new InputException(file, 1, 1, "/metrics", "required field is missing");
        }
        if (p.nextToken() != null) {
            throw error("", "expected the end of the document");
        }
        return out;
    }

    private Map<String, double[]> metrics() throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "/metrics", "a mapping");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            String at = "/metrics/" + name.replace("~", "~0").replace("/", "~1");
            if (out.containsKey(name)) {
                throw error(at, "duplicate key '" + name + "'");
            }
            expect(p.nextToken(), JsonToken.START_ARRAY, at, "a list");
            double[] v = new double[256];
            int n = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                String here = at + "/" + n;
                if (e == JsonToken.START_ARRAY) {
                    p.nextToken();
                    p.skipChildren();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.END_ARRAY || value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                        throw error(here, "expected a value or a [time, value] pair");
                    }
                    double d = value(value, here + "/1");
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        throw error(here, "expected a value or a [time, value] pair");
                    }
                    v = add(v, n++, d);
                } else {
                    v = add(v, n++, value(e, here));
                }
            }
            out.put(name, Arrays.copyOf(v, n));
        }
        return out;
    }

    private double value(JsonToken t, String at) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return JudgeSamples.named(p.getText());
            } catch (NumberFormatException bad) {
                throw error(at, "expected " + JudgeSamples.VALUE + ", got \"" + p.getText() + "\"");
            }
        }
        throw error(at, "expected " + JudgeSamples.VALUE + ", got " + describe(t));
    }

    private static double[] add(double[] v, int n, double d) {
        if (n == v.length) {
            v = Arrays.copyOf(v, v.length * 2);
        }
        v[n] = d;
        return v;
    }

    private void expect(JsonToken t, JsonToken want, String at, String what) {
        if (t != want) {
            throw error(at, "expected " + what + ", got " + describe(t));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "null";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_STRING -> "a string";
            default -> "a number";
        };
    }

    private InputException error(String field, String message) {
        JsonLocation at = p.currentTokenLocation();
        return new InputException(file, at.getLineNr(), at.getColumnNr(), field, message);
    }
}
