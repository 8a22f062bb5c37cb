package dev.stagelight.rollout.remediation;

import dev.stagelight.rollout.expr.Bindings;
import dev.stagelight.rollout.expr.Schema;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.Sleeper;
import dev.stagelight.rollout.plan.Notification;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.store.RemediationRecord;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import dev.stagelight.rollout.input.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One remediation evaluation at an explicit time, top to bottom:
 * <ol>
 * <li>load the scope's state from the store (actions in force, when each was last applied);</li>
 * <li>read the inputs at {@code at} (burn rates per window, further inputs) and the watched rollout's stage;</li>
 * <li>decide each rule: fired, not fired, or undecided (an input it reads is missing: never green);</li>
 * <li>for each action of a fired rule: already active, in cooldown, over the cap, dry run, or carried out (retried,
 * then reported); a pause also notifies the plan's notification targets;</li>
 * <li>for each action in force that no rule wants now: green since when? Reverted once green for the green period,
 * held (clock restarted) while a trigger is undecided;</li>
 * <li>record every decision and the new state in the store in one write (a dry run records its evidence and keeps the
 * state), so a restarted controller continues where this one stopped.</li>
 * </ol>
 * Not thread-safe; one controller per scope at a time (the store refuses a second writer's stale seq).
 */
public final class Remediator {
    public static final String DEFAULT_ACTOR = "stagelight-remediation";

    private final RemediationRules rules;
    private final MetricSource source;
    private final RolloutStore store;
    private final Function<ExecutorSpec, ActionExecutor> executors;
    private final Sleeper sleeper;
    private final String actor;
    private final Bindings bindings;
    private final Schema.Slot[] numberSlots;
    private final String[] numberNames;
    /** This evaluation's inputs by identifier, for the evidence (the bindings hold the same, slot-indexed). */
    private final Map<String, Object> current = new LinkedHashMap<>();

    /**
     * @param executors makes the executor of a spec (see {@link #standardExecutors}); tests may count calls
     * @param sleeper   waits between retries
     */
    public Remediator(RemediationRules rules, MetricSource source, RolloutStore store,
                      Function<ExecutorSpec, ActionExecutor> executors, Sleeper sleeper, String actor) {
        this.rules = rules;
        this.source = source;
        this.store = store;
        this.executors = executors;
        this.sleeper = sleeper;
        this.actor = actor;
        this.bindings = rules.schema().newBindings();
        List<Schema.Slot> slots = rules.schema().slots().values().stream()
                .filter(s -> s.type() == dev.stagelight.rollout.expr.Type.NUMBER).toList();
        this.numberSlots = slots.toArray(Schema.Slot[]::new);
        this.numberNames = slots.stream().map(Schema.Slot::name).toArray(String[]::new);
    }

    /** Engine actions on {@code store}, webhooks signed at {@code clock}'s time, commands as they are. */
    public static Function<ExecutorSpec, ActionExecutor> standardExecutors(RolloutStore store, java.time.Clock clock,
                                                                          String actor) {
        return standardExecutors(store, clock, actor, step -> { });
    }

    /** As above, handing every rollout transition the engine executor stores to {@code steps} (for evidence). */
    public static Function<ExecutorSpec, ActionExecutor> standardExecutors(RolloutStore store, java.time.Clock clock,
            String actor, java.util.function.Consumer<dev.stagelight.rollout.state.Step> steps) {
        dev.stagelight.rollout.engine.RolloutEngine engine = new dev.stagelight.rollout.engine.RolloutEngine(store,
                e -> { }, steps);
        return spec -> {
            if (spec instanceof ExecutorSpec.Webhook w) {
                return new WebhookExecutor(w, clock);
            }
            if (spec instanceof ExecutorSpec.Command c) {
                return new CommandExecutor(c);
            }
            return new EngineExecutor(engine, actor);
        };
    }

    /** Evaluates at {@code at}; {@code canaryVerdict} is the latest gate verdict of the canary (or "none"). */
    public Evaluation evaluate(Instant at, String canaryVerdict) throws StoreException {
        String scope = rules.scope();
        RemediationRecord rec = store.remediation(scope);
        RemediationState before = rec.seq() == 0 ? RemediationState.INITIAL
                : RemediationState.parse(rec.state(), store.describe() + " remediation/" + scope);
        long evaluation = rec.seq() + 1;
        Readings readings = Readings.read(rules, source, at);
        Optional<RolloutState> rollout = rules.rolloutId() == null ? Optional.empty() : store.load(rules.rolloutId());

        bindings.clear();
        current.clear();
        for (int i = 0; i < numberSlots.length; i++) {
            Double v = readings.values().get(numberNames[i]);
            if (v != null) {
                bindings.setNumber(numberSlots[i], v);
                current.put(numberNames[i], v);
            }
        }
        Schema schema = rules.schema();
        bindings.setNumber(schema.require(RemediationRules.ACTIVE_ACTIONS), before.active().size());
        current.put(RemediationRules.ACTIVE_ACTIONS, (double) before.active().size());
        String stage = rollout.map(r -> r.stage() == null ? "none" : r.stage().name()).orElse("none");
        String status = rollout.map(r -> r.status().wire()).orElse("none");
        String verdict = canaryVerdict == null ? "none" : canaryVerdict;
        bindings.setString(schema.require(RemediationRules.ROLLOUT_STAGE), stage);
        bindings.setString(schema.require(RemediationRules.ROLLOUT_STATUS), status);
        bindings.setString(schema.require(RemediationRules.CANARY_VERDICT), verdict);
        current.put(RemediationRules.ROLLOUT_STAGE, stage);
        current.put(RemediationRules.ROLLOUT_STATUS, status);
        current.put(RemediationRules.CANARY_VERDICT, verdict);

        Map<ActionKind, RemediationState.Active> active = new EnumMap<>(ActionKind.class);
        active.putAll(before.active());
        Map<ActionKind, Instant> lastApplied = new EnumMap<>(ActionKind.class);
        lastApplied.putAll(before.lastApplied());
        Map<ActionKind, String> decidedNow = new EnumMap<>(ActionKind.class); // action -> rule that took it this time
        Set<ActionKind> wanted = EnumSet.noneOf(ActionKind.class);
        Set<ActionKind> undecidedTriggers = EnumSet.noneOf(ActionKind.class);
        List<EvidenceRecord> out = new ArrayList<>();
        boolean dry = rules.dryRun();

        for (RemediationRule rule : rules.rules()) {
            Map<String, Object> values = values(rule);
            List<String> missing = rule.when().identifiers().stream()
                    .filter(id -> values.get(id) instanceof Double d && Double.isNaN(d)).toList();
            if (!missing.isEmpty()) {
                String why = "cannot decide: " + String.join(", ", missing.stream()
                        .map(id -> id + " missing (" + readings.problems().getOrDefault(id, "no value") + ")").toList());
                for (ActionKind k : rule.actions()) {
                    undecidedTriggers.add(k);
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.UNDECIDED, why, values, null,
                            null, 0));
                }
                continue;
            }
            if (!rule.when().test(bindings)) {
                for (ActionKind k : rule.actions()) {
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.NOT_NEEDED,
                            "condition is false", values, null, null, 0));
                }
                continue;
            }
            for (ActionKind k : rule.actions()) {
                wanted.add(k);
                ActionSpec spec = rules.actions().get(k);
                RemediationState.Active a = active.get(k);
                if (a != null) {
                    active.put(k, a.green(null));
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.ALREADY_ACTIVE,
                            "in force since " + a.since() + " (rule " + a.rule() + "); green clock restarted", values,
                            null, null, 0));
                    continue;
                }
                if (decidedNow.containsKey(k)) {
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.ALREADY_ACTIVE,
                            "decided by rule " + decidedNow.get(k) + " in this evaluation", values, null, null, 0));
                    continue;
                }
                Instant last = lastApplied.get(k);
                if (last != null && Duration.between(last, at).compareTo(spec.cooldown()) < 0) {
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.SKIPPED_COOLDOWN,
                            "applied at " + last + ", cooldown " + Durations.format(spec.cooldown()) + " ends at "
                                    + last.plus(spec.cooldown()), values, null, null, 0));
                    continue;
                }
                int inForce = active.size() + (dry ? decidedNow.size() : 0);
                if (inForce >= rules.maxConcurrent()) {
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.SKIPPED_CAP,
                            inForce + " actions in force, the cap is " + rules.maxConcurrent(), values, null, null, 0));
                    continue;
                }
                decidedNow.put(k, rule.name());
                String reason = reason(rule);
                ActionExecutor ex = executors.apply(spec.executor());
                if (dry) {
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.DRY_RUN,
                            "condition holds; dry run, " + ex.describe() + " not called", values, ex.describe(), null, 0));
                    continue;
                }
                ActionRequest req = new ActionRequest(scope, evaluation, k, false, rule.name(), reason,
                        rules.rolloutId(), at, values, spec.widenBy(), scope + "/" + evaluation + "/" + k.spelling()
                        + "/apply");
                ExecutionResult r = Retrying.run(ex, req, rules.retry(), sleeper);
                if (r.ok()) {
                    active.put(k, new RemediationState.Active(rule.name(), at, null, reason));
                    lastApplied.put(k, at);
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.ACTED, "condition holds",
                            values, ex.describe(), r.message(), r.attempts()));
                    if (k == ActionKind.PAUSE_ROLLOUT && rollout.isPresent()) {
                        notifyAll(at, evaluation, rollout.get(), rule, "Rollout " + rules.rolloutId()
                                + " paused by remediation (" + rule.name() + ": " + rule.when().text().strip()
                                + "); a person decides whether to resume or roll back.", out);
                    }
                } else {
                    decidedNow.remove(k);
                    out.add(record(at, evaluation, rollout, rule, k.spelling(), Decision.FAILED, "condition holds; "
                            + ex.describe() + " failed after " + r.attempts() + " attempt(s)", values, ex.describe(),
                            r.message(), r.attempts()));
                }
            }
        }

        for (ActionKind k : ActionKind.values()) {
            RemediationState.Active a = before.active().get(k);
            if (a == null || wanted.contains(k)) {
                continue;
            }
            ActionSpec spec = rules.actions().get(k);
            String revertName = k.revertSpelling();
            Map<String, Object> values = triggerValues(k);
            if (undecidedTriggers.contains(k)) {
                active.put(k, a.green(null));
                out.add(record(at, evaluation, rollout, null, revertName, Decision.REVERT_HELD,
                        "a trigger of " + k.spelling() + " cannot be decided (inputs missing); green clock restarted",
                        values, null, null, 0));
                continue;
            }
            Instant greenSince = a.greenSince() == null ? at : a.greenSince();
            Duration green = Duration.between(greenSince, at);
            if (spec == null || green.compareTo(rules.greenPeriod()) < 0) {
                active.put(k, a.green(greenSince));
                out.add(record(at, evaluation, rollout, null, revertName, Decision.REVERT_PENDING,
                        "green since " + greenSince + " (" + Durations.format(green) + " of "
                                + Durations.format(rules.greenPeriod()) + ")", values, null, null, 0));
                continue;
            }
            ActionExecutor ex = executors.apply(spec.executor());
            String why = "green since " + greenSince + " for " + Durations.format(green) + " (green period "
                    + Durations.format(rules.greenPeriod()) + ")";
            if (dry) {
                out.add(record(at, evaluation, rollout, null, revertName, Decision.DRY_RUN_REVERT, why + "; dry run, "
                        + ex.describe() + " not called", values, ex.describe(), null, 0));
                continue;
            }
            ActionRequest req = new ActionRequest(scope, evaluation, k, true, a.rule(), a.reason(), rules.rolloutId(),
                    at, values, spec.widenBy(), scope + "/" + evaluation + "/" + k.spelling() + "/revert");
            ExecutionResult r = Retrying.run(ex, req, rules.retry(), sleeper);
            if (r.ok()) {
                active.remove(k);
                out.add(record(at, evaluation, rollout, null, revertName, Decision.REVERTED, why, values,
                        ex.describe(), r.message(), r.attempts()));
            } else {
                active.put(k, a.green(greenSince));
                out.add(record(at, evaluation, rollout, null, revertName, Decision.REVERT_FAILED, why + "; "
                        + ex.describe() + " failed after " + r.attempts() + " attempt(s); retried next evaluation",
                        values, ex.describe(), r.message(), r.attempts()));
            }
        }

        long rollbackNotified = before.rollbackNotifiedSeq();
        if (!dry && rollout.isPresent() && rollout.get().status() == RolloutStatus.ROLLED_BACK
                && rollbackNotified != rollout.get().seq()) {
            notifyAll(at, evaluation, rollout.get(), null, "Rollout " + rules.rolloutId() + " was rolled back; its"
                    + " tenants run " + rollout.get().fromVersion() + " again.", out);
            rollbackNotified = rollout.get().seq();
        }

        RemediationState after = dry ? before : new RemediationState(active, lastApplied, rollbackNotified);
        List<String> lines = out.stream().map(EvidenceRecord::toJsonLine).toList();
        store.recordRemediation(scope, rec.seq(), after.toJson(), lines, at);
        return new Evaluation(evaluation, readings, out, after, dry);
    }

    /** The pause reason the rollout keeps: fixed per rule, so a repeated pause is recognised as the same one. */
    private String reason(RemediationRule rule) {
        return "remediation " + rules.scope() + ": rule " + rule.name();
    }

    private void notifyAll(Instant at, long evaluation, RolloutState rollout, RemediationRule rule, String text,
                           List<EvidenceRecord> out) {
        for (Notification n : rollout.notifications()) {
            ExecutorSpec.Webhook hook = rules.notifications().get(n.channel());
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("channel", n.channel());
            values.put("target", n.target());
            if (hook == null) {
                out.add(record(at, evaluation, Optional.of(rollout), rule, "notify", Decision.NOTIFY_FAILED,
                        "the plan notifies " + n.channel() + " " + n.target() + ", but the rules configure no webhook"
                                + " for " + n.channel() + " under notifications", values, null, null, 0));
                continue;
            }
            ActionExecutor hookExecutor = executors.apply(hook);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("channel", n.target());
            body.put("username", "stagelight");
            body.put("text", text);
            String delivery = rules.scope() + "/" + evaluation + "/notify/" + n.channel() + "/" + n.target();
            // The same webhook executor as actions, with a Slack-compatible body instead of an action request.
            ActionExecutor once = new ActionExecutor() {
                @Override
                public ExecutionResult execute(ActionRequest ignored) {
                    return hookExecutor instanceof WebhookExecutor w ? w.post(body, delivery)
                            : hookExecutor.execute(new ActionRequest(rules.scope(), evaluation, ActionKind.PAUSE_ROLLOUT,
                                    false, rule == null ? null : rule.name(), text, rollout.rolloutId(), at, values,
                                    null, delivery));
                }

                @Override
                public String describe() {
                    return hookExecutor.describe();
                }
            };
            ExecutionResult r = Retrying.run(once, null, rules.retry(), sleeper);
            out.add(record(at, evaluation, Optional.of(rollout), rule, "notify",
                    r.ok() ? Decision.NOTIFIED : Decision.NOTIFY_FAILED, text, values, once.describe(), r.message(),
                    r.attempts()));
        }
    }

    private Map<String, Object> values(RemediationRule rule) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String id : rule.when().identifiers()) {
            v.put(id, value(id));
        }
        return v;
    }

    /** The values every trigger of {@code kind} reads (what "green" was judged on). */
    private Map<String, Object> triggerValues(ActionKind kind) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (RemediationRule r : rules.rules()) {
            if (r.actions().contains(kind)) {
                for (String id : r.when().identifiers()) {
                    v.put(id, value(id));
                }
            }
        }
        return v;
    }

    private Object value(String id) {
        return current.get(id);
    }

    private EvidenceRecord record(Instant at, long evaluation, Optional<RolloutState> rollout, RemediationRule rule,
                                  String action, Decision d, String why, Map<String, Object> values, String executor,
                                  String result, int attempts) {
        return new EvidenceRecord(at, rules.scope(), evaluation, actor, rules.rolloutId(),
                rule == null ? null : rule.name(), rule == null ? null : rule.when().text().strip(), action, d, why,
                values, executor, result, attempts, rules.dryRun());
    }
}
