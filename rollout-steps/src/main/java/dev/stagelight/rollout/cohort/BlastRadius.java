package dev.stagelight.rollout.cohort;

import dev.stagelight.rollout.plan.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much one stage changes at once, and the two plan shapes that hide a big step behind a small-looking share:
 * a stage that moves more than half of the scan volume in one step ({@link Kind#BIG_STEP}, typically {@code all}
 * after stages that took many small tenants), and a stage filled by scan volume whose few large tenants leave the
 * share to many small ones, so it takes far more tenants than its share ({@link Kind#TENANT_HEAVY}). The plan author
 * then splits the stage or changes {@code weight_by}.
 */
public final class BlastRadius {
    /** A stage moving more than this share of the volume in one step is warned about. */
    public static final double MAX_VOLUME_STEP = 0.5;
    /** A volume-weighted cohort holding at least this multiple of its volume share in tenants ... */
    public static final double TENANT_HEAVY_RATIO = 2.0;
    /** ... and at least this many percentage points more, so tiny stages (1 of 37 tenants) do not warn. */
    public static final double TENANT_HEAVY_MARGIN = 0.2;

    public enum Kind { BIG_STEP, TENANT_HEAVY }

    public record Warning(String stage, Kind kind, String message) {
        public String code() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    private BlastRadius() {}

    /** The share of the eligible volume a stage adds (0 when there is no volume). */
    public static double addedVolumeShare(StagePlan p, PlannedStage s) {
        return p.eligibleVolume() == 0 ? 0 : (double) s.addedVolume() / p.eligibleVolume();
    }

    public static List<Warning> warnings(StagePlan p) {
        List<Warning> out = new ArrayList<>();
        for (PlannedStage s : p.stages()) {
            double step = addedVolumeShare(p, s);
            // Blue-green switches everyone at once by design; its comparison stage is what limits the risk.
            if (step > MAX_VOLUME_STEP && p.strategy() != dev.stagelight.rollout.plan.Strategy.BLUE_GREEN) {
                out.add(new Warning(s.name(), Kind.BIG_STEP, String.format(Locale.ROOT,
                        "stage %s moves %s of the scan volume in one step (%d tenants, volume %d of %d); more than half"
                                + " at once: split it (add a stage between it and the previous one)",
                        s.name(), StagePlanTable.percent(step), s.added().size(), s.addedVolume(), p.eligibleVolume())));
            }
            boolean byVolume = s.stage().selection().flatMap(Selection::weightBy)
                    .filter(Selection.WEIGHT_SCAN_VOLUME::equals).isPresent();
            if (byVolume && s.countShare() >= TENANT_HEAVY_RATIO * s.volumeShare()
                    && s.countShare() - s.volumeShare() >= TENANT_HEAVY_MARGIN) {
                out.add(new Warning(s.name(), Kind.TENANT_HEAVY, String.format(Locale.ROOT,
                        "stage %s (%s) takes %d of %d tenants (%s) for %s of the scan volume: many small tenants fill"
                                + " the volume share, so it switches far more tenants than its share; split it or weight"
                                + " by count (drop weight_by)",
                        s.name(), s.selection(), s.tenants().size(), p.eligibleTenants(),
                        StagePlanTable.percent(s.countShare()), StagePlanTable.percent(s.volumeShare()))));
            }
        }
        return out;
    }
}
