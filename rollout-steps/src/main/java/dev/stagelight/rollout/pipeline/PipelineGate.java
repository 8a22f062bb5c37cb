package dev.stagelight.rollout.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.set.CohortGates;
import dev.stagelight.rollout.gate.set.GateEvaluator;
import dev.stagelight.rollout.gate.set.GateOutcome;
import dev.stagelight.rollout.gate.set.GateSet;
import dev.stagelight.rollout.gate.set.GateSetFile;
import dev.stagelight.rollout.gate.set.GateStatus;
import dev.stagelight.rollout.gate.set.TemplateUse;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a gate set from a pipeline (the Jenkins {@code canaryGate} step), exactly as {@code rollout gate}
 * evaluates it: guard, analysis templates, judged metrics, adaptive metrics and probes for the stage's tenants (per
 * cohort when the set has cohorts), the worst part deciding; and what the pipeline does with the verdict.
 */
public final class PipelineGate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineGate() {}

    /** What the pipeline does next. */
    public enum Next {
        /** Passed: the stage goes on. */
        PROCEED,
        /** Failed: the stage fails (the plan's rollback is the pipeline's to run). */
        FAIL,
        /** Inconclusive, or the metrics could not be read: nothing was decided, a person judges. */
        ASK_A_PERSON
    }

    /** What to evaluate: the stage's name and tenants, {@code {{interval}}}, and optionally one template alone. */
    public record Request(Path gates, String template, String stage, List<String> tenants, Path tenantTree,
                          Duration interval, Instant at, Strictness strictness) {
        public Request {
            tenants = List.copyOf(tenants);
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("interval " + interval + ": expected a positive duration such as 5m");
            }
        }
    }

    /** The verdict and what follows from it. */
    public record Verdict(GateOutcome outcome, Instant at, String stage) {
        public GateStatus status() {
            return outcome.status();
        }

        public Next next() {
            return switch (outcome.status()) {
                case PASS -> Next.PROCEED;
                case FAILED -> Next.FAIL;
                case INCONCLUSIVE, ERROR -> Next.ASK_A_PERSON;
            };
        }

        /** {@code rollout gate}'s text: the status and rule, then one line per part with its values and reason. */
        public String explanation() {
            return outcome.describe();
        }

        /** {@code rollout gate --json}'s verdict as plain maps and lists. */
        public Map<String, Object> tree() {
            try {
                return JSON.readValue(JSON.writeValueAsString(outcome.toJson()),
                        new TypeReference<LinkedHashMap<String, Object>>() {});
            } catch (java.io.IOException e) {
                throw new IllegalStateException("gate verdict of stage " + stage + " cannot be rendered", e);
            }
        }
    }

    public static Verdict evaluate(Request r, MetricSource source) {
        GateSet set = GateSetFile.load(r.gates(), r.strictness());
        if (r.template() != null) {
            if (set.library() == null || !set.library().names().contains(r.template())) {
                throw new IllegalArgumentException(r.gates() + ": no template '" + r.template() + "' (it has "
                        + (set.library() == null ? "none" : set.library().names()) + ")");
            }
            set = set.withAnalysis(List.of(new TemplateUse(r.template(), Map.of())), "template " + r.template());
        }
        Tenants tree = r.tenantTree() == null ? null : Tenants.load(r.tenantTree(), r.strictness());
        List<String> ids = new ArrayList<>(r.tenants());
        if (ids.isEmpty() && tree != null) {
            tree.all().forEach(t -> ids.add(t.id()));
        }
        if (set.cohorts() != null && tree == null) {
            throw new IllegalArgumentException(r.gates() + ": cohorts group tenants by label '" + set.cohorts().label()
                    + "'; give the tenant tree");
        }
        if (tree != null) {
            for (String id : ids) {
                if (tree.find(id).isEmpty()) {
                    throw new IllegalArgumentException("tenant " + id + ": not in " + r.tenantTree());
                }
            }
        }
        GateOutcome outcome = CohortGates.evaluate(new GateEvaluator(source, new HttpProber()), set, r.stage(), ids,
                id -> tree == null ? Map.of() : tree.find(id).map(Tenant::labels).orElse(Map.of()), r.interval(),
                r.at());
        return new Verdict(outcome, r.at(), r.stage());
    }
}
