package dev.stagelight.jenkins;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * The build page "Policy rollout": per rollout its stages with their tenants, status and metrics, approvals,
 * rollback; the index entries this build published and the verifications it ran; approve / abort while a rollout
 * waits for a person. Saved with the build (plain strings and lists), so it outlives restarts.
 */
public final class StagelightAction implements RunAction2 {
    static final String URL_NAME = "policy-rollout";

    /** One rollout as the last tick saw it. */
    public static final class RolloutRecord {
        String rolloutId;
        String statusJson;
        LinkedHashMap<String, ArrayList<String>> stageTenants = new LinkedHashMap<>();
        String waitingFor;
        ArrayList<String> approvals = new ArrayList<>();

        public List<String> getApprovals() {
            return approvals;
        }

        public String getRolloutId() {
            return rolloutId;
        }

        public String getWaitingFor() {
            return waitingFor;
        }

        public Map<String, Object> getStatus() {
            try {
                return PlainData.parse(statusJson);
            } catch (IOException e) {
                return Map.of("status", "unreadable: " + e.getMessage());
            }
        }

        /** Rows of the stage table: name, status, started, monitor until, tenants, metrics. */
        public List<Map<String, Object>> getStages() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map<String, Object> st : PlainData.list(getStatus().get("stages"))) {
                Map<String, Object> row = new LinkedHashMap<>(st);
                row.put("tenants", stageTenants.getOrDefault(String.valueOf(st.get("name")), new ArrayList<>()));
                rows.add(row);
            }
            return rows;
        }
    }

    /** An index append this build published. */
    public static final class Publication {
        String index;
        String checkpoint;
        long size;
        ArrayList<String> entryUrls = new ArrayList<>();
        String publicUrl;

        public String getIndex() {
            return index;
        }

        public String getCheckpoint() {
            return checkpoint;
        }

        public long getSize() {
            return size;
        }

        public List<String> getEntryUrls() {
            return entryUrls;
        }

        public String getPublicUrl() {
            return publicUrl;
        }
    }

    /** A canary gate this build judged: the verdict and the analysis's explanation (values and reasons). */
    public static final class Gate {
        String id;
        /** The rollout whose stage it judged (policyRollout with gates), or null for a canaryGate step. */
        String rollout;
        int evaluations;
        String stage;
        String status;
        String explanation;
        String waitingFor;

        public String getId() {
            return id;
        }

        public String getStage() {
            return stage;
        }

        public String getStatus() {
            return status;
        }

        public String getExplanation() {
            return explanation;
        }

        public String getWaitingFor() {
            return waitingFor;
        }

        public String getRollout() {
            return rollout;
        }

        /** How often the stage's gates were evaluated (policyRollout judges them at every tick; the last is shown). */
        public int getEvaluations() {
            return evaluations;
        }
    }

    /** A remediation evaluation this build ran: every decision with the values it was made on. */
    public static final class Remediation {
        String scope;
        long evaluation;
        String at;
        boolean dryRun;
        ArrayList<LinkedHashMap<String, String>> decisions = new ArrayList<>();

        public String getScope() {
            return scope;
        }

        public long getEvaluation() {
            return evaluation;
        }

        public String getAt() {
            return at;
        }

        public boolean isDryRun() {
            return dryRun;
        }

        /** Rows: action, rule, decision, values, why, result (strings). */
        public List<Map<String, String>> getDecisions() {
            return new ArrayList<>(decisions);
        }

        /** The decisions that carried out or reverted something (or would have, in a dry run), or failed. */
        public List<Map<String, String>> getChanges() {
            List<Map<String, String>> out = new ArrayList<>();
            for (Map<String, String> d : decisions) {
                if (CHANGES.contains(d.get("decision"))) {
                    out.add(d);
                }
            }
            return out;
        }
    }

    static final java.util.Set<String> CHANGES = java.util.Set.of("acted", "dry_run", "reverted", "dry_run_revert",
            "failed", "revert_failed", "notified", "notify_failed");

    /** A verification this build ran. */
    public static final class Verification {
        String index;
        boolean verified;
        String summary;

        public String getIndex() {
            return index;
        }

        public boolean isVerified() {
            return verified;
        }

        public String getSummary() {
            return summary;
        }
    }

    private final LinkedHashMap<String, RolloutRecord> rollouts = new LinkedHashMap<>();
    private final ArrayList<Publication> publications = new ArrayList<>();
    private final ArrayList<Verification> verifications = new ArrayList<>();
    private ArrayList<Gate> gates = new ArrayList<>();
    private ArrayList<Remediation> remediations = new ArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added on first use. */
    static synchronized StagelightAction of(Run<?, ?> run) {
        StagelightAction a = run.getAction(StagelightAction.class);
        if (a == null) {
            a = new StagelightAction();
            run.addAction(a);
        }
        return a;
    }

    synchronized void recordRollout(String rolloutId, String statusJson, Map<String, ArrayList<String>> stageTenants,
                                    List<String> approvals, String waitingFor) {
        RolloutRecord r = rollouts.computeIfAbsent(rolloutId, k -> new RolloutRecord());
        r.rolloutId = rolloutId;
        r.statusJson = statusJson;
        r.stageTenants = new LinkedHashMap<>(stageTenants);
        r.approvals = new ArrayList<>(approvals);
        r.waitingFor = waitingFor;
    }

    synchronized void recordPublication(String index, String checkpoint, long size, List<String> entryUrls,
                                        String publicUrl) {
        Publication p = new Publication();
        p.index = index;
        p.checkpoint = checkpoint;
        p.size = size;
        p.entryUrls = new ArrayList<>(entryUrls);
        p.publicUrl = publicUrl;
        publications.add(p);
    }

    synchronized void recordVerification(String index, boolean verified, String summary) {
        Verification v = new Verification();
        v.index = index;
        v.verified = verified;
        v.summary = summary;
        verifications.add(v);
    }

    synchronized void recordGate(String id, String stage, String status, String explanation, String waitingFor) {
        if (gates == null) {
            gates = new ArrayList<>(); // builds saved before gates were recorded
        }
        Gate g = gates.stream().filter(x -> x.id.equals(id) && x.waitingFor != null).findFirst().orElse(null);
        if (g == null) {
            g = new Gate();
            gates.add(g);
        }
        g.id = id;
        g.stage = stage;
        g.status = status;
        g.explanation = explanation;
        g.waitingFor = waitingFor;
    }

    synchronized void recordRemediation(String scope, long evaluation, String at, boolean dryRun,
                                        List<LinkedHashMap<String, String>> decisions) {
        if (remediations == null) {
            remediations = new ArrayList<>(); // builds saved before remediations were recorded
        }
        Remediation r = new Remediation();
        r.scope = scope;
        r.evaluation = evaluation;
        r.at = at;
        r.dryRun = dryRun;
        r.decisions = new ArrayList<>(decisions);
        remediations.add(r);
    }

    public synchronized List<Remediation> getRemediations() {
        return remediations == null ? List.of() : new ArrayList<>(remediations);
    }

    /** The latest verdict of a rollout stage's gates (one entry per rollout and stage). */
    synchronized void recordStageGate(String rollout, String stage, String status, String explanation) {
        if (gates == null) {
            gates = new ArrayList<>();
        }
        String id = "policyRollout:" + rollout + ":" + stage;
        Gate g = gates.stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
        if (g == null) {
            g = new Gate();
            gates.add(g);
        }
        g.id = id;
        g.rollout = rollout;
        g.stage = stage;
        g.status = status;
        g.explanation = explanation;
        g.evaluations++;
    }

    public synchronized List<Gate> getGates() {
        return gates == null ? List.of() : new ArrayList<>(gates);
    }

    public synchronized List<RolloutRecord> getRollouts() {
        return new ArrayList<>(rollouts.values());
    }

    public synchronized List<Publication> getPublications() {
        return new ArrayList<>(publications);
    }

    public synchronized List<Verification> getVerifications() {
        return new ArrayList<>(verifications);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /**
     * Approve (the next stage, or resuming a pause) or abort (roll back) a waiting rollout. The Jenkins user is
     * recorded by the engine as approved_by / the rollback's actor, with the note.
     */
    @RequirePOST
    public HttpResponse doDecide(@QueryParameter String rollout, @QueryParameter String decision,
                                 @QueryParameter String note) {
        run.getParent().checkPermission(Item.BUILD);
        if (rollout == null || !(("approve".equals(decision)) || "abort".equals(decision))) {
            return HttpResponses.errorWithoutStack(400, "expected rollout=<id> and decision=approve|abort");
        }
        User user = User.current();
        String who = user == null ? "anonymous" : user.getId();
        RolloutTick.Decision d = new RolloutTick.Decision("approve".equals(decision), who,
                "abort".equals(decision) && (note == null || note.isBlank()) ? "aborted by " + who + " on the build page" : note);
        if (!decide(run, rollout, d)) {
            return HttpResponses.errorWithoutStack(409, rollout + " is not waiting for a decision in this build");
        }
        return HttpResponses.redirectToDot();
    }

    /** Hands the decision to the live execution waiting for it: a {@code policyRollout} or a {@code canaryGate}. */
    static boolean decide(Run<?, ?> run, String rollout, RolloutTick.Decision decision) {
        AtomicBoolean taken = new AtomicBoolean();
        try {
            StepExecution.acceptAll(PolicyRolloutStep.Execution.class, e -> {
                if (e.decide(run, rollout, decision)) {
                    taken.set(true);
                }
            }).get();
            StepExecution.acceptAll(CanaryGateStep.Execution.class, e -> {
                if (!taken.get() && e.decide(run, rollout, decision)) {
                    taken.set(true);
                }
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
        return taken.get();
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "Policy rollout";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }
}
