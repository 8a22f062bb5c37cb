package dev.stagelight.rollout.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.cli.RemediateCommand;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.Sleeper;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.remediation.Decision;
import dev.stagelight.rollout.remediation.Evaluation;
import dev.stagelight.rollout.remediation.EvidenceRecord;
import dev.stagelight.rollout.remediation.RemediationRules;
import dev.stagelight.rollout.remediation.Remediator;
import dev.stagelight.rollout.remediation.RulesFile;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One remediation evaluation driven by a CI pipeline (the Jenkins {@code remediate} step), exactly as {@code rollout
 * remediate} runs it: the rules' state and evidence log live in the rollout store, so each call continues from the
 * last one (cooldowns, actions in force, green clocks) whichever build or agent makes it. The outcome says what was
 * taken and what was reverted, for the pipeline's {@code if} decisions and the build page.
 */
public final class PipelineRemediation {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Decisions that carried out (or, in a dry run, would have carried out) an action. */
    private static final Set<Decision> TAKEN = Set.of(Decision.ACTED, Decision.DRY_RUN);
    /** Decisions that reverted (or would have reverted) an action in force. */
    private static final Set<Decision> REVERTED = Set.of(Decision.REVERTED, Decision.DRY_RUN_REVERT);

    private PipelineRemediation() {}

    /** The evaluation with the rules it ran on. */
    public record Outcome(RemediationRules rules, Evaluation evaluation) {
        /** Actions carried out this evaluation (in a dry run: those that would have been). */
        public List<EvidenceRecord> taken() {
            return evaluation.decisions().stream().filter(d -> TAKEN.contains(d.decision())).toList();
        }

        /** Actions reverted this evaluation (in a dry run: those that would have been). */
        public List<EvidenceRecord> reverted() {
            return evaluation.decisions().stream().filter(d -> REVERTED.contains(d.decision())).toList();
        }

        /** Actions, reverts and notifications that failed on every attempt: a person must look. */
        public List<EvidenceRecord> failures() {
            return evaluation.decisions().stream().filter(d -> d.decision().failure()).toList();
        }

        /** The report {@code rollout remediate} prints. */
        public String text() {
            return RemediateCommand.text(rules, evaluation);
        }

        /**
         * {@code rollout remediate --json}'s document (scope, evaluation, at, dry_run, inputs, missing, decisions,
         * state, failed) plus {@code taken}, {@code reverted} and {@code failures}: the decisions of each kind, as in
         * the evidence log. Plain maps, lists, strings, numbers, booleans and nulls.
         */
        public Map<String, Object> tree() {
            Map<String, Object> root;
            try {
                root = JSON.readValue(RemediateCommand.json(rules, evaluation),
                        new TypeReference<LinkedHashMap<String, Object>>() {});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("remediation " + rules.scope() + ": cannot render the evaluation", e);
            }
            root.put("taken", records(taken()));
            root.put("reverted", records(reverted()));
            root.put("failures", records(failures()));
            return root;
        }

        private static List<Object> records(List<EvidenceRecord> rs) {
            List<Object> out = new ArrayList<>();
            for (EvidenceRecord r : rs) {
                try {
                    out.add(JSON.readValue(r.toJsonLine(), new TypeReference<LinkedHashMap<String, Object>>() {}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        }
    }

    /**
     * Loads the rules; {@code env} resolves their {@code url_env} / {@code secret_env} (in a pipeline: the build's
     * environment, credentials bindings included). {@code dryRun} forces a dry run; false keeps the file's setting.
     */
    public static RemediationRules rules(Path file, Strictness strictness, Map<String, String> env, boolean dryRun) {
        RemediationRules r = RulesFile.load(file, strictness, env);
        return dryRun ? r.withDryRun(true) : r;
    }

    /**
     * One evaluation at {@code at} against {@code source}, state and evidence in {@code store}; engine actions act on
     * the rules' rollout in the same store, webhooks are signed at {@code clock}'s time.
     */
    public static Outcome evaluate(RemediationRules rules, MetricSource source, RolloutStore store, Instant at,
                                   String canaryVerdict, String actor, Clock clock, Sleeper sleeper)
            throws StoreException {
        String who = actor == null || actor.isBlank() ? Remediator.DEFAULT_ACTOR : actor;
        Remediator r = new Remediator(rules, source, store, Remediator.standardExecutors(store, clock, who), sleeper, who);
        return new Outcome(rules, r.evaluate(at, canaryVerdict(canaryVerdict)));
    }

    /**
     * The value rules read as {@code canary.verdict}: pass, fail, inconclusive or none. A gate's own words are
     * accepted too (a {@code canaryGate} result handed on as it is): passed/successful is pass, failed is fail, and
     * error (metrics could not be read, nothing was decided) is inconclusive.
     */
    public static String canaryVerdict(String given) {
        if (given == null || given.isBlank()) {
            return "none";
        }
        return switch (given.strip().toLowerCase(Locale.ROOT)) {
            case "pass", "passed", "successful" -> "pass";
            case "fail", "failed" -> "fail";
            case "inconclusive", "error" -> "inconclusive";
            case "none" -> "none";
            default -> throw new IllegalArgumentException("canaryVerdict '" + given
                    + "': expected pass, fail, inconclusive or none (or a gate's passed, failed, error)");
        };
    }
}
