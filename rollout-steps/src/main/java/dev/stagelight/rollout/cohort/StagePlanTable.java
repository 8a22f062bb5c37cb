package dev.stagelight.rollout.cohort;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.rollout.input.Durations;
import dev.stagelight.rollout.plan.Stage;
import dev.stagelight.rollout.plan.SuccessCriteria;
import dev.stagelight.rollout.state.Denial;
import dev.stagelight.rollout.state.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The stage table {@code plan} prints before anything changes: as text for people and as JSON for tools. */
public final class StagePlanTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StagePlanTable() {}

    public static String text(StagePlan p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Rollout %s: %s %s -> %s; %d eligible tenants, scan volume %d, %d denied%n",
                p.rolloutId(), p.policySet(), p.fromVersion(), p.toVersion(), p.eligibleTenants(), p.eligibleVolume(),
                p.denied().size()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "selection", "new", "+volume", "tenants", "share(count)", "share(volume)",
            "duration", "criteria", "then"});
        for (PlannedStage s : p.stages()) {
            rows.add(new String[] {s.name(), s.selection(), Integer.toString(s.added().size()),
                percent(BlastRadius.addedVolumeShare(p, s)), Integer.toString(s.tenants().size()), percent(s.countShare()), percent(s.volumeShare()),
                s.stage().duration().map(Durations::format).orElse("-"), criteria(s.stage().successCriteria()
                    .orElse(SuccessCriteria.NONE)), s.stage().autoProceed() ? "auto" : "approval"});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                boolean numeric = i >= 2 && i <= 6;
                String cell = numeric ? " ".repeat(width[i] - r[i].length()) + r[i] : r[i] + " ".repeat(width[i] - r[i].length());
                line.append(cell).append(i + 1 < r.length ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        for (Denial d : p.denied()) {
            sb.append("  denied ").append(d.tenant()).append(' ').append(d.code().name()).append(": ").append(d.reason()).append('\n');
        }
        for (PlannedStage s : p.emptyExplicitStages()) {
            sb.append("  stage ").append(s.name()).append(" is empty: every tenant it names is denied; start refuses"
                    + " this plan\n");
        }
        sb.append("  ").append(StagePlan.ORDER_NOTE).append('\n');
        sb.append(warningsText(p));
        return sb.toString();
    }

    /** The blast-radius warnings, one line each ("warning: stage full moves ..."), or nothing. */
    public static String warningsText(StagePlan p) {
        StringBuilder sb = new StringBuilder();
        for (BlastRadius.Warning w : BlastRadius.warnings(p)) {
            sb.append("  warning: ").append(w.message()).append('\n');
        }
        return sb.toString();
    }

    /** Per stage what it adds (tenants, scan volume) and the warnings, for JSON reports beside the stage table. */
    public static ObjectNode blastRadiusJson(StagePlan p) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode stages = root.putArray("stages");
        for (PlannedStage s : p.stages()) {
            stages.addObject().put("stage", s.name()).put("selection", s.selection())
                    .put("added_tenants", s.added().size()).put("added_scan_volume", s.addedVolume())
                    .put("added_volume_share", BlastRadius.addedVolumeShare(p, s))
                    .put("tenants", s.tenants().size()).put("share_by_count", s.countShare())
                    .put("share_by_volume", s.volumeShare());
        }
        warningsJson(p, root.putArray("warnings"));
        return root;
    }

    private static void warningsJson(StagePlan p, ArrayNode into) {
        for (BlastRadius.Warning w : BlastRadius.warnings(p)) {
            into.addObject().put("stage", w.stage()).put("kind", w.code()).put("message", w.message());
        }
    }

    public static String json(StagePlan p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("rollout_id", p.rolloutId());
        root.put("strategy", p.strategy().spelling());
        root.put("policy_set", p.policySet());
        root.put("from_version", p.fromVersion());
        root.put("to_version", p.toVersion());
        root.put("eligible_tenants", p.eligibleTenants());
        root.put("eligible_scan_volume", p.eligibleVolume());
        root.put("order", StagePlan.ORDER_NOTE);
        ArrayNode stages = root.putArray("stages");
        for (PlannedStage s : p.stages()) {
            Stage st = s.stage();
            ObjectNode n = stages.addObject();
            n.put("stage", s.name());
            n.put("selection", s.selection());
            n.put("share_by_count", s.countShare());
            n.put("share_by_volume", s.volumeShare());
            n.put("added_tenants", s.added().size());
            n.put("added_scan_volume", s.addedVolume());
            n.put("added_volume_share", BlastRadius.addedVolumeShare(p, s));
            n.put("duration", st.duration().map(Durations::format).orElse(null));
            SuccessCriteria c = st.successCriteria().orElse(SuccessCriteria.NONE);
            ObjectNode crit = n.putObject("success_criteria");
            c.maxNewFailures().ifPresent(v -> crit.put("max_new_failures", v));
            c.maxFailureRateIncrease().ifPresent(v -> crit.put("max_failure_rate_increase", v));
            n.put("auto_proceed", st.autoProceed());
            s.added().forEach(n.putArray("added")::add);
            s.tenants().forEach(n.putArray("tenants")::add);
        }
        warningsJson(p, root.putArray("warnings"));
        ArrayNode denied = root.putArray("denied");
        for (Denial d : p.denied()) {
            denied.addObject().put("tenant", d.tenant()).put("code", d.code().name()).put("reason", d.reason());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String criteria(SuccessCriteria c) {
        List<String> parts = new ArrayList<>();
        c.maxNewFailures().ifPresent(v -> parts.add("new_failures<=" + v));
        c.maxFailureRateIncrease().ifPresent(v -> parts.add("rate_increase<=" + Numbers.plain(v)));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
