package dev.stagelight.rollout.gate.judge;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Strictness;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sample file for {@code rollout judge}: one side (baseline or canary), each metric's values in a list.
 *
 * <pre>
 *   metrics:
 *     latency_p95: [0.212, 0.219, 0.207, "NaN"]
 *     error_ratio: [[1767225600, 0.011], [1767225660, 0.012]]   # [time, value] pairs as a range query returns
 * </pre>
 *
 * A value is a number or one of the strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} (YAML's {@code .nan},
 * {@code .inf} too); in a {@code [time, value]} pair only the value is used. YAML or JSON, by the file's extension:
 * YAML goes through the project's input loader (files up to its 3 MB limit), JSON through a streaming reader (any
 * size: 100 metrics × 10,000 samples is about 8 MB); both report errors with file, line:column and field.
 */
public final class JudgeSamples {
    static final String VALUE = "a number or \"NaN\", \"+Inf\", \"-Inf\"";
    private static final JsonFactory JSON = new JsonFactory();

    private JudgeSamples() {}

    /** Metric name to values, in file order. */
    public static Map<String, double[]> load(Path file) {
        if (isJson(file.toString())) {
            try (InputStream in = Files.newInputStream(file)) {
                return JsonSamples.read(file.toString(), JSON.createParser(in));
            } catch (IOException e) {
                throw new InputException(file.toString(), 0, 0, "", "cannot read file: " + e.getMessage(), e);
            }
        }
        return read(InputLoader.load(file, Strictness.STRICT));
    }

    public static Map<String, double[]> parse(String name, String text) {
        if (isJson(name)) {
            try {
                return JsonSamples.read(name, JSON.createParser(text));
            } catch (IOException e) {
                throw new InputException(name, 0, 0, "", "cannot read: " + e.getMessage(), e);
            }
        }
        return read(InputLoader.parse(name, text, Strictness.STRICT));
    }

    private static boolean isJson(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** A value's text (a JSON string, or a YAML scalar) as one of the named non-finite values. */
    static double named(String text) {
        return switch (text) {
            case "NaN", ".nan", ".NaN", ".NAN" -> Double.NaN;
            case "+Inf", "Inf", "+inf", "inf", ".inf", "+.inf", ".Inf", "+.Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf", "-.inf", "-.Inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new NumberFormatException(text);
        };
    }

    private static Map<String, double[]> read(InputDocument doc) {
        InputNode root = doc.root().knownFields("metrics");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, InputNode> e : root.requireMap("metrics").fields().entrySet()) {
            List<InputNode> values = e.getValue().asList();
            double[] v = new double[values.size()];
            for (int i = 0; i < v.length; i++) {
                InputNode n = values.get(i);
                if (n.isList()) {
                    List<InputNode> pair = n.asList();
                    if (pair.size() != 2) {
                        throw n.expected("a value or a [time, value] pair");
                    }
                    n = pair.get(1);
                }
                v[i] = value(n);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private static double value(InputNode n) {
        if (n.isList() || n.isMap() || n.isNull()) {
            throw n.expected(VALUE);
        }
        try {
            return n.asNumber();
        } catch (InputException notFinite) {
            try {
                return named(n.asText());
            } catch (NumberFormatException bad) {
                throw n.expected(VALUE);
            }
        }
    }
}
