package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputEnum;

/**
 * Where a verdict's scale came from. MAD is 0 whenever more than half the baseline is one value (a quiet error
 * counter); the sprint's sketch then divides by 1, which means a different sensitivity for every unit. Instead the
 * guard falls back to 1.2533 × the mean absolute deviation around the median (the same normal-consistency, and
 * non-zero unless the baseline is constant), then to the rule's {@code min_scale}; with a constant baseline and no
 * floor, any change at all is infinitely far ({@link #CONSTANT}).
 */
public enum ScaleSource implements InputEnum {
    MAD,
    MEAN_ABSOLUTE_DEVIATION,
    MIN_SCALE,
    CONSTANT
}
