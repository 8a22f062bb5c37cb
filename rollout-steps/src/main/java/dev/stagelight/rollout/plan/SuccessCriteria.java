package dev.stagelight.rollout.plan;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A stage passes when its observations stay within these bounds; an absent bound is not checked.
 * {@code maxFailureRateIncrease} is absolute (0.05 = five percentage points), as the flow's canary example reads
 * (0.12 → 0.13 meets 0.05).
 */
public record SuccessCriteria(OptionalLong maxNewFailures, OptionalDouble maxFailureRateIncrease) {
    public static final SuccessCriteria NONE = new SuccessCriteria(OptionalLong.empty(), OptionalDouble.empty());
}
