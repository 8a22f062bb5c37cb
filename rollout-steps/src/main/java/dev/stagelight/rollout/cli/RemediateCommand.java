package dev.stagelight.rollout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.gate.set.RecordingSource;
import dev.stagelight.rollout.gate.source.FileSource;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.Sleeper;
import dev.stagelight.rollout.remediation.Evaluation;
import dev.stagelight.rollout.remediation.EvidenceRecord;
import dev.stagelight.rollout.remediation.RemediationRules;
import dev.stagelight.rollout.remediation.Remediator;
import dev.stagelight.rollout.remediation.RulesFile;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code remediate}: one SLA auto-remediation evaluation; prints every decision with the values it was made on. */
@Command(name = "remediate", mixinStandardHelpOptions = true,
        description = {"One SLA auto-remediation evaluation at --at: reads the SLO inputs from Prometheus (or recorded",
            "--samples), decides every",
            "rule (acted, skipped by cooldown or cap, not needed, undecided), reverts actions green for the green period,",
            "records every decision in the store's evidence log. Webhook URLs and secrets come from the environment",
            "variables the rules name. With --evidence-index, every action taken, reverted or failed (and the rollout",
            "transitions it made) is appended as signed rollout-evidence; decisions not to act stay in the store's log.",
            "Exit 1 when an action, revert or notification failed after its retries."})
public final class RemediateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", required = true, description = "Remediation rules (YAML/JSON).")
    Path rules;

    @Option(names = "--prometheus", description = "Prometheus base URL, e.g. http://127.0.0.1:9090 (not needed with --log).")
    URI prometheus;

    @Option(names = "--samples", description = "Recorded samples (YAML or JSON, as 'rollout gate --record' writes them)"
            + " instead of Prometheus: offline runs and the demo.")
    Path samples;

    @Option(names = "--record", description = "Also write every answered query to FILE, for --samples FILE later.")
    Path record;

    @Option(names = "--at", description = "Evaluation time (RFC 3339); default: the clock.")
    String at;

    @Option(names = "--dry-run", description = "Decide and record, but call no executor and keep the state.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the evaluation as one JSON document.")
    boolean json;

    @Option(names = "--canary-verdict", defaultValue = "none",
            description = "The canary gate's latest verdict for canary.verdict (pass, fail, inconclusive; default ${DEFAULT-VALUE}).")
    String canaryVerdict;

    @Option(names = "--actor", defaultValue = Remediator.DEFAULT_ACTOR,
            description = "Who runs the evaluation, for the evidence log (default ${DEFAULT-VALUE}).")
    String actor;

    @Option(names = "--log", description = "Print the scope's stored evidence log (JSON lines) instead of evaluating.")
    boolean log;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    @Mixin
    StoreOptions store;

    @Mixin
    EvidenceOptions evidence;

    private final Clock clock;

    public RemediateCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        RemediationRules loaded;
        try {
            if (store.now != null) {
                throw new IllegalArgumentException("remediate takes its time from --at, not --now");
            }
            loaded = RulesFile.load(rules, CommandSupport.strictness(lenient), System.getenv());
        } catch (RuntimeException e) {
            return CommandSupport.run(spec, () -> {
                throw e;
            });
        }
        RemediationRules r = dryRun ? loaded.withDryRun(true) : loaded;
        // Transitions the engine executor makes (pause, resume) and the actions taken are appended once the
        // evaluation is stored; a failed append leaves the stored evaluation as it is (the log keeps every decision).
        return EngineCommands.run(spec, store, log ? null : evidence, s -> {
            PrintWriter out = spec.commandLine().getOut();
            if (log) {
                s.remediationEvidence(r.scope()).forEach(out::println);
                out.flush();
                return CommandSupport.OK;
            }
            if ((prometheus == null) == (samples == null)) {
                throw new IllegalArgumentException(prometheus == null
                        ? "give the metrics with --prometheus URL or --samples FILE (except with --log)"
                        : "--prometheus and --samples exclude each other");
            }
            Instant when = instant();
            MetricSource src = prometheus != null ? new PrometheusSource(prometheus) : FileSource.load(samples);
            RecordingSource recorder = record == null ? null : new RecordingSource(src);
            Remediator remediator = new Remediator(r, recorder == null ? src : recorder, s,
                    Remediator.standardExecutors(s, clock, actor, evidence.recorder), Sleeper.REAL, actor);
            Evaluation e = remediator.evaluate(when, canaryVerdict);
            if (recorder != null) {
                AtomicFiles.replace(record, recorder.toBytes());
            }
            if (evidence.enabled()) {
                evidence.recorder.remediation(e);
            }
            PrintWriter err = spec.commandLine().getErr();
            e.readings().problems().forEach((k, v) -> err.println("warning: " + k + " missing: " + v));
            err.flush();
            out.print(json ? json(r, e) : text(r, e));
            out.flush();
            return e.failed() ? CommandSupport.FAILED : CommandSupport.OK;
        });
    }

    private Instant instant() {
        if (at == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at " + at + ": expected an RFC 3339 instant such as 2026-01-01T06:10:00Z");
        }
    }

    /** The readable report: inputs, one line per decision with its values and reason, the actions in force. */
    public static String text(RemediationRules r, Evaluation e) {
        StringBuilder sb = new StringBuilder();
        sb.append("remediation ").append(r.scope()).append(", evaluation ").append(e.evaluation()).append(" at ")
                .append(e.readings().at()).append(e.dryRun() ? " (dry run)" : "").append('\n');
        sb.append("inputs:");
        e.readings().values().forEach((k, v) -> sb.append(' ').append(k).append('=').append(number(v)));
        sb.append('\n');
        for (EvidenceRecord d : e.decisions()) {
            sb.append(String.format(Locale.ROOT, "  %-16s %-18s %-18s", d.decision().wire(),
                    d.rule() == null ? "-" : d.rule(), d.action()));
            StringBuilder vals = new StringBuilder();
            for (Map.Entry<String, Object> v : d.values().entrySet()) {
                vals.append(vals.length() == 0 ? "" : " ").append(v.getKey()).append('=')
                        .append(v.getValue() instanceof Double x ? number(x) : String.valueOf(v.getValue()));
            }
            sb.append(' ').append(vals).append(" | ").append(d.why());
            if (d.result() != null) {
                sb.append(" | ").append(d.executor()).append(": ").append(d.result());
                if (d.attempts() > 1) {
                    sb.append(" (").append(d.attempts()).append(" attempts)");
                }
            }
            sb.append('\n');
        }
        sb.append("active: ").append(e.state().active().isEmpty() ? "none" : String.join(", ",
                e.state().active().entrySet().stream().map(a -> a.getKey().spelling() + " since " + a.getValue().since()
                        + (a.getValue().greenSince() == null ? "" : ", green since " + a.getValue().greenSince()))
                        .toList())).append('\n');
        return sb.toString();
    }

    private static String number(Double v) {
        if (v == null || v.isNaN()) {
            return "missing";
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    /** The {@code --json} document of an evaluation. */
    public static String json(RemediationRules r, Evaluation e) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("scope", r.scope());
        root.put("evaluation", e.evaluation());
        root.put("at", e.readings().at().toString());
        root.put("dry_run", e.dryRun());
        ObjectNode inputs = root.putObject("inputs");
        e.readings().values().forEach((k, v) -> {
            if (v.isNaN()) {
                inputs.putNull(k);
            } else {
                inputs.put(k, v);
            }
        });
        ObjectNode problems = root.putObject("missing");
        e.readings().problems().forEach(problems::put);
        ArrayNode ds = root.putArray("decisions");
        for (EvidenceRecord d : e.decisions()) {
            ds.add(JSON.readTree(d.toJsonLine()));
        }
        root.set("state", JSON.readTree(e.state().toJson()));
        root.put("failed", e.failed());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
