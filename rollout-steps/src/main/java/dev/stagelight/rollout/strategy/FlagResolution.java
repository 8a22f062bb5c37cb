package dev.stagelight.rollout.strategy;

import dev.stagelight.rollout.cohort.PlannedStage;
import dev.stagelight.rollout.state.Denial;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageState;
import dev.stagelight.rollout.state.StrategyState;

/**
 * A tenant's effective feature flag, in the flag's own order: override, then the stage whose cohort holds the tenant,
 * then the default. Before a rollout exists this is what the plan resolves to; with its stored state it is what the
 * tenant is served now (on exactly when the rollout has switched it to the new version and not rolled it back).
 */
public final class FlagResolution {
    /** @param source why: "override", "stage NAME", "default", "denied CODE", "rolled back", "not yet (stage NAME)" */
    public record EffectiveFlag(String flag, String tenant, boolean on, String source, String version) {}

    private FlagResolution() {}

    /** From the plan alone: where the tenant ends up once the rollout has completed. */
    public static EffectiveFlag planned(StrategyPlan plan, String tenant) {
        StrategyState st = plan.state();
        String from = plan.plan().fromVersion();
        String to = plan.plan().toVersion();
        Boolean override = st.flagOverrides().get(tenant);
        for (Denial d : plan.stages().denied()) {
            if (d.tenant().equals(tenant)) {
                return new EffectiveFlag(st.flagName(), tenant, false, "denied " + d.code().name() + ": " + d.reason(), from);
            }
        }
        if (override != null) {
            return new EffectiveFlag(st.flagName(), tenant, override, "override", override ? to : from);
        }
        for (PlannedStage s : plan.stages().stages()) {
            if (s.added().contains(tenant)) {
                return new EffectiveFlag(st.flagName(), tenant, true, "stage " + s.name(), to);
            }
        }
        return new EffectiveFlag(st.flagName(), tenant, st.flagDefault(), "default", st.flagDefault() ? to : from);
    }

    /** From the stored rollout: what the tenant is served now. */
    public static EffectiveFlag current(RolloutState r, String tenant) {
        StrategyState st = r.strategy();
        Boolean override = st.flagOverrides().get(tenant);
        for (Denial d : r.denied()) {
            if (d.tenant().equals(tenant)) {
                return new EffectiveFlag(st.flagName(), tenant, false, "denied " + d.code().name() + ": " + d.reason(),
                        r.fromVersion());
            }
        }
        if (Boolean.FALSE.equals(override)) {
            return new EffectiveFlag(st.flagName(), tenant, false, "override", r.fromVersion());
        }
        boolean rolledBack = r.status() == RolloutStatus.ROLLED_BACK
                || r.rollbackReport() != null && r.rollbackReport().tenantsRolledBack().contains(tenant);
        for (StageState s : r.stages()) {
            if (s.activated().contains(tenant)) {
                if (rolledBack) {
                    return new EffectiveFlag(st.flagName(), tenant, false, "rolled back", r.fromVersion());
                }
                return new EffectiveFlag(st.flagName(), tenant, true, override != null ? "override" : "stage " + s.name(),
                        r.toVersion());
            }
        }
        for (StageState s : r.stages()) {
            if (s.spec().cohort().contains(tenant)) {
                return new EffectiveFlag(st.flagName(), tenant, false, "not yet (stage " + s.name() + ")", r.fromVersion());
            }
        }
        return new EffectiveFlag(st.flagName(), tenant, false, "default", r.fromVersion());
    }
}
