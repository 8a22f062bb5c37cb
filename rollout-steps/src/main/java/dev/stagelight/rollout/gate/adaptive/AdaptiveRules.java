package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads adaptive threshold rules (YAML or JSON) through the project's input loader; every problem is an
 * {@code InputException} naming file, line:column and field. The sprint's config reads as it is:
 *
 * <pre>
 * rules:
 *   - id: export-spike
 *     baseline: seasonal      # seasonal | flat
 *     season: hour_of_day     # hour_of_day | day_of_week | hour_of_week (default hour_of_day)
 *     method: ewma_mad        # the one method
 *     min_power: 0.8          # backtest guardrail: detection power at least this
 *     alpha: 0.2              # EWMA smoothing, (0, 1]
 *     window: 7d              # how far back the baseline reaches
 *     threshold: 3.5          # robust z-score (default 3.5)
 *     direction: increase     # increase | decrease | either (default increase)
 *     consecutive: 1          # anomalous points in a row before an alert (default 1)
 *     min_samples: 10         # past values a bucket needs for a verdict (default 10)
 *     min_scale: 0            # floor of the scale, in the metric's unit (default 0)
 *     zone: UTC               # time zone of the seasons (default UTC)
 * </pre>
 */
public final class AdaptiveRules {
    static final String[] FIELDS = {"id", "baseline", "season", "method", "min_power", "alpha", "window", "threshold",
        "direction", "consecutive", "min_samples", "min_scale", "zone"};

    private AdaptiveRules() {}

    /** The rules of {@code file} by id, in file order. */
    public static Map<String, AdaptiveRule> load(Path file, Strictness strictness) {
        return read(InputLoader.load(file, strictness));
    }

    public static Map<String, AdaptiveRule> parse(String name, String text, Strictness strictness) {
        return read(InputLoader.parse(name, text, strictness));
    }

    /** The rules of a loaded document (its warnings, in lenient mode, stay on the document). */
    public static Map<String, AdaptiveRule> read(InputDocument doc) {
        InputNode root = doc.root().knownFields("rules");
        List<InputNode> rules = root.requireList("rules");
        if (rules.isEmpty()) {
            throw root.require("rules").expected("at least one rule");
        }
        Map<String, AdaptiveRule> out = new LinkedHashMap<>();
        for (InputNode r : rules) {
            AdaptiveRule rule = rule(r);
            if (out.putIfAbsent(rule.id(), rule) != null) {
                throw r.require("id").problem("rule id '" + rule.id() + "' appears twice");
            }
        }
        return out;
    }

    /** {@code rules} in this file's format, every field written out (what {@code backtest --tune} stores). */
    public static String yaml(List<String> comments, List<AdaptiveRule> rules) {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) {
            sb.append("# ").append(c).append('\n');
        }
        sb.append("rules:\n");
        for (AdaptiveRule r : rules) {
            sb.append("  - id: \"").append(r.id().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            sb.append("    method: ").append(r.method().spelling()).append('\n');
            sb.append("    baseline: ").append(r.baseline().spelling()).append('\n');
            if (r.baseline() == Baseline.SEASONAL) {
                sb.append("    season: ").append(r.season().spelling()).append('\n');
            }
            sb.append("    alpha: ").append(AdaptiveRule.num(r.alpha())).append('\n');
            sb.append("    window: ").append(dev.stagelight.rollout.input.Durations.format(r.window())).append('\n');
            sb.append("    threshold: ").append(AdaptiveRule.num(r.threshold())).append('\n');
            sb.append("    direction: ").append(r.direction().spelling()).append('\n');
            sb.append("    consecutive: ").append(r.consecutive()).append('\n');
            sb.append("    min_samples: ").append(r.minSamples()).append('\n');
            sb.append("    min_power: ").append(AdaptiveRule.num(r.minPower())).append('\n');
            sb.append("    min_scale: ").append(AdaptiveRule.num(r.minScale())).append('\n');
            sb.append("    zone: ").append(r.zone().normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : r.zone().getId()).append('\n');
        }
        return sb.toString();
    }

    private static AdaptiveRule rule(InputNode r) {
        r.knownFields(FIELDS);
        String id = r.require("id").asNonBlankString();
        Method method = r.optEnum("method", Method.class).orElse(Method.EWMA_MAD);
        Baseline baseline = r.optEnum("baseline", Baseline.class).orElse(Baseline.SEASONAL);
        Season season = r.optEnum("season", Season.class).orElse(Season.HOUR_OF_DAY);
        if (baseline == Baseline.FLAT && r.has("season")) {
            throw r.require("season").problem("season applies only to baseline: seasonal");
        }
        double alpha = number(r, "alpha", AdaptiveRule.DEFAULT_ALPHA, v -> v > 0 && v <= 1, "a number in (0, 1]");
        Duration window = r.optDuration("window").orElse(AdaptiveRule.DEFAULT_WINDOW);
        if (window.isZero()) {
            throw r.require("window").expected("a positive duration");
        }
        double threshold = number(r, "threshold", AdaptiveRule.DEFAULT_THRESHOLD,
                v -> v > 0 && !Double.isInfinite(v), "a positive number");
        Direction direction = r.optEnum("direction", Direction.class).orElse(Direction.INCREASE);
        int consecutive = integer(r, "consecutive", 1, 1);
        int minSamples = integer(r, "min_samples", AdaptiveRule.DEFAULT_MIN_SAMPLES, 3);
        double minPower = number(r, "min_power", AdaptiveRule.DEFAULT_MIN_POWER, v -> v >= 0 && v <= 1,
                "a number from 0 to 1");
        double minScale = number(r, "min_scale", 0, v -> v >= 0 && !Double.isInfinite(v), "a number, 0 or more");
        ZoneId zone = ZoneOffset.UTC;
        Optional<InputNode> z = r.opt("zone");
        if (z.isPresent()) {
            try {
                zone = ZoneId.of(z.get().asNonBlankString());
            } catch (DateTimeException e) {
                throw z.get().expected("a time zone such as \"UTC\" or \"Europe/Berlin\"");
            }
        }
        return new AdaptiveRule(id, method, baseline, season, alpha, window, threshold, direction, consecutive, minSamples,
                minPower, minScale, zone);
    }

    private static double number(InputNode r, String key, double fallback, java.util.function.DoublePredicate ok,
            String what) {
        Optional<InputNode> n = r.opt(key);
        if (n.isEmpty()) {
            return fallback;
        }
        double v = n.get().asNumberOr(what);
        if (Double.isNaN(v) || !ok.test(v)) {
            throw n.get().expected(what);
        }
        return v;
    }

    private static int integer(InputNode r, String key, int fallback, int min) {
        Optional<InputNode> n = r.opt(key);
        if (n.isEmpty()) {
            return fallback;
        }
        long v = n.get().asLong();
        if (v < min || v > 1_000_000) {
            throw n.get().expected("an integer from " + min + " to 1000000");
        }
        return (int) v;
    }
}
