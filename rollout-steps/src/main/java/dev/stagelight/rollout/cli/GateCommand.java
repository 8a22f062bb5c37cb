package dev.stagelight.rollout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagelight.rollout.evidence.EvidenceIndex;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.set.CohortGates;
import dev.stagelight.rollout.gate.set.GateEvaluator;
import dev.stagelight.rollout.gate.set.GateOutcome;
import dev.stagelight.rollout.gate.set.GateSet;
import dev.stagelight.rollout.gate.set.GateSetFile;
import dev.stagelight.rollout.gate.set.RecordingSource;
import dev.stagelight.rollout.gate.set.VerdictChart;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gate}: evaluates one gate set once at an explicit time. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Evaluate a gate set once at --at: its minimum-traffic guard, analysis templates, judged",
            "metrics and probes, for the stage's tenants (per cohort when the set has cohorts). Prints one line per",
            "part, or the JSON verdict; with --evidence-index the verdict is appended as signed rollout-evidence.",
            "Exit 0 pass, 1 failed, 3 inconclusive (or the metrics unreadable), 2 bad input."})
public final class GateCommand implements Callable<Integer> {
    static final int INCONCLUSIVE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--gates", required = true, description = "Gate set (YAML or JSON).")
    Path gates;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MetricSources.Choice source;

    @Option(names = "--at", required = true, description = "Evaluation time (RFC 3339); the window ends here.")
    String at;

    @Option(names = "--stage", defaultValue = "canary", description = "Stage name for {{stage}} (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--tenant", split = ",", description = "Tenant ids for {{tenants}} (repeat or comma-separate).")
    List<String> tenantIds = new ArrayList<>();

    @Option(names = "--tenants", description = "Tenant tree (tenants.yaml): labels for cohorts; without --tenant, every"
            + " tenant in it.")
    Path tenantsFile;

    @Option(names = "--interval", defaultValue = "5m", description = "Value of {{interval}} outside analysis metrics"
            + " (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--json", description = "Print the JSON verdict.")
    boolean json;

    @Option(names = "--chart", description = "Write an SVG chart of the baseline and canary series with thresholds.")
    Path chart;

    @Option(names = "--record", description = "Also write every answered query to FILE, for --samples FILE later.")
    Path record;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    @Mixin
    EvidenceOptions evidence;

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            Instant when = parseInstant("--at", at);
            // Opened first: a bad key or folder fails before anything is evaluated.
            EvidenceIndex target = evidence.open();
            Duration iv = Durations.parse(interval).filter(d -> !d.isZero())
                    .orElseThrow(() -> new IllegalArgumentException("--interval " + interval
                            + ": expected a positive duration such as 5m"));
            GateSet set = GateSetFile.load(gates, CommandSupport.strictness(lenient));
            Tenants tree = tenantsFile == null ? null : Tenants.load(tenantsFile, CommandSupport.strictness(lenient));
            List<String> ids = new ArrayList<>(tenantIds);
            if (ids.isEmpty() && tree != null) {
                tree.all().forEach(t -> ids.add(t.id()));
            }
            if (set.cohorts() != null && tree == null) {
                throw new IllegalArgumentException(gates + ": cohorts group tenants by label '" + set.cohorts().label()
                        + "'; give the tenant tree with --tenants FILE");
            }
            if (tree != null) {
                for (String id : ids) {
                    if (tree.find(id).isEmpty()) {
                        throw new IllegalArgumentException("--tenant " + id + ": not in " + tenantsFile);
                    }
                }
            }
            MetricSource src = source.open();
            RecordingSource recorder = record == null ? null : new RecordingSource(src);
            if (recorder != null) {
                src = recorder;
            }
            GateEvaluator evaluator = new GateEvaluator(src, new HttpProber());
            GateOutcome outcome = CohortGates.evaluate(evaluator, set, stage, ids,
                    id -> tree == null ? Map.of() : tree.find(id).map(Tenant::labels).orElse(Map.of()), iv, when);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(outcome.toJson()));
            } else {
                out.println(outcome.describe());
            }
            out.flush();
            if (recorder != null) {
                AtomicFiles.replace(record, recorder.toBytes());
            }
            if (chart != null) {
                AtomicFiles.replace(chart, VerdictChart.svg(outcome).getBytes(StandardCharsets.UTF_8));
            }
            if (target != null) {
                evidence.recorder.gateVerdict(outcome, set.name(), null, stage, when);
                evidence.publish(target, json ? spec.commandLine().getErr() : out);
            }
            return outcome.status().exitCode();
        });
    }

    static Instant parseInstant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + text
                    + ": expected an RFC 3339 instant such as 2026-01-01T12:00:00Z");
        }
    }
}
