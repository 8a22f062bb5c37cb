package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.Loaded;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.state.StageObservations;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a stage's observations for {@code advance} (JSON or YAML). Either flat:
 * <pre>
 * {"scans_evaluated": 234, "new_failures": 3, "failure_rate_before": 0.12, "failure_rate_after": 0.13,
 *  "new_critical_blocks": 0, "unreachable_tenants": [], "metrics": {"error_rate": 0.01}}
 * </pre>
 * or the flow's {@code {"stage_metrics": {..., "metrics": {...}}}} wrapper; {@code {"available": false}} says the
 * metrics are unavailable. Errors name file, line:column and field.
 */
public final class ObservationsFile {
    private ObservationsFile() {}

    /** The observations with the warnings of lenient mode (unknown fields, located). */
    public static Loaded<StageObservations> read(Path file, Strictness strictness) {
        InputDocument doc = InputLoader.load(file, strictness);
        InputNode root = doc.root();
        StageObservations obs;
        if (root.has("stage_metrics")) {
            root.knownFields("stage_metrics");
            InputNode wrapper = root.requireMap("stage_metrics");
            wrapper.knownFields("rollout_id", "stage", "monitored_period", "metrics", "unreachable_tenants");
            obs = values(wrapper.requireMap("metrics"), Set.copyOf(wrapper.stringList("unreachable_tenants")));
        } else {
            obs = values(root, Set.copyOf(root.stringList("unreachable_tenants")));
        }
        return new Loaded<>(obs, doc.warnings());
    }

    private static StageObservations values(InputNode n, Set<String> unreachable) {
        n.knownFields("available", "scans_evaluated", "new_failures", "failure_rate_before", "failure_rate_after",
                "new_critical_blocks", "unreachable_tenants", "metrics", "success_criteria_met");
        if (!n.bool("available", true)) {
            return StageObservations.unavailable(unreachable);
        }
        Map<String, Double> extra = new LinkedHashMap<>();
        n.opt("metrics").ifPresent(m -> m.fields().forEach((k, v) -> extra.put(k, m.requireNumber(k))));
        double before = n.requireNumber("failure_rate_before");
        double after = n.requireNumber("failure_rate_after");
        for (String rate : new String[] {"failure_rate_before", "failure_rate_after"}) {
            double v = n.requireNumber(rate);
            if (v < 0 || v > 1) {
                throw n.require(rate).expected("a rate from 0 to 1");
            }
        }
        return new StageObservations(true, nonNegative(n, "scans_evaluated"), nonNegative(n, "new_failures"), before,
                after, nonNegative(n, "new_critical_blocks"), unreachable, extra);
    }

    private static long nonNegative(InputNode n, String key) {
        long v = n.optLong(key).orElse(0L);
        if (v < 0) {
            throw n.require(key).expected("a count of 0 or more");
        }
        return v;
    }
}
