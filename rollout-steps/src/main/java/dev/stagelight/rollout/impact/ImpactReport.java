package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.policy.DenyCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the impact analysis found, in the flow's terms. Rates are fractions of {@code totalScansAnalyzed};
 * {@code ruleEvaluations} counts condition evaluations over both versions. {@code verdict} holds every threshold applied
 * (rate change over the history, counts per stage window) and the one that decided the recommendation.
 */
public record ImpactReport(
        String rolloutId,
        String policySet,
        String fromVersion,
        String toVersion,
        Instant analysisDate,
        Duration historicalDataRange,
        long totalScansAnalyzed,
        long failuresBefore,
        long failuresAfter,
        long predictedNewFailures,
        long predictedResolvedFailures,
        long predictedNewCriticalBlocks,
        long predictedNewWarnings,
        long affectedImages,
        long affectedTenants,
        List<TeamCount> byTeam,
        List<RuleCount> topTriggeredRules,
        List<Excluded> excludedTenants,
        List<String> unknownTenants,
        long skippedScans,
        long ruleEvaluations,
        Thresholds thresholds,
        List<StagePrediction> stagePredictions,
        Thresholds.Verdict verdict) {

    public ImpactReport {
        stagePredictions = List.copyOf(stagePredictions);
        byTeam = List.copyOf(byTeam);
        topTriggeredRules = List.copyOf(topTriggeredRules);
        excludedTenants = List.copyOf(excludedTenants);
        unknownTenants = List.copyOf(unknownTenants);
    }

    public Recommendation recommendation() {
        return verdict.recommendation();
    }

    public record TeamCount(String team, long newFailures) {}

    /** A to-version FAIL rule and the new failures attributed to it (each new failure to exactly one rule). */
    public record RuleCount(String rule, long count) {}

    /** A tenant whose scans were left out because the to-version bundle's scope refuses it. */
    public record Excluded(String tenant, DenyCode code, String reason, long scans) {}

    public double failureRateBefore() {
        return totalScansAnalyzed == 0 ? 0 : (double) failuresBefore / totalScansAnalyzed;
    }

    public double failureRateAfter() {
        return totalScansAnalyzed == 0 ? 0 : (double) failuresAfter / totalScansAnalyzed;
    }

    /** After minus before, absolute (0.0083 = +0.83 percentage points). */
    public double failureRateChange() {
        return failureRateAfter() - failureRateBefore();
    }
}
