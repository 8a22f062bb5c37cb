package dev.stagelight.rollout.plan;

import java.util.Optional;

/**
 * A stage's cumulative share of tenants: {@code percentage} with {@code value} 0..100, or {@code all} (value 100).
 * {@code weightBy} ({@code scan_volume}) fills the share by that tenant attribute instead of by count.
 */
public record Selection(SelectionMethod method, double percent, Optional<String> weightBy) {
    public static final String WEIGHT_SCAN_VOLUME = "scan_volume";

    public Selection {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent outside 0..100: " + percent);
        }
    }
}
