package dev.stagelight.rollout.gate.adaptive;

import java.time.Instant;

/**
 * A backtest of one adaptive rule against a fixed threshold on the same labelled history and the same points (from
 * the first point the rule could judge, {@code scoredFrom}; incidents starting before it are not scored).
 * {@code fixedChosen} says whether the fixed threshold was searched (the highest one that detects as many incidents
 * as the rule: the fairest rival at equal power) or given.
 */
public record BacktestReport(String source, int points, Instant first, Instant last, AdaptiveRule rule,
        Instant scoredFrom, int scoredPoints, int incidentsTotal, int incidentsScored, DetectorScore adaptive,
        DetectorScore fixed, FixedThreshold fixedThreshold, boolean fixedChosen) {

    /** 1 − adaptive alerts / fixed alerts (0.4 is the sprint's goal); NaN when the fixed rule raised none. */
    public double alertReduction() {
        return fixed.alertCount() == 0 ? Double.NaN : 1 - (double) adaptive.alertCount() / fixed.alertCount();
    }

    /** 1 − adaptive point FPR / fixed point FPR (KR3.2 asks 30-50%); NaN when the fixed rule had none. */
    public double falsePositiveRateReduction() {
        double f = fixed.pointFalsePositiveRate();
        return f == 0 ? Double.NaN : 1 - adaptive.pointFalsePositiveRate() / f;
    }

    /** True when the rule detects at least as many incidents as the fixed threshold. */
    public boolean samePowerOrBetter() {
        return adaptive.detected() >= fixed.detected();
    }

    /** The guardrail (KR3.3): the rule's power must reach its {@code min_power}; no scored incident never passes. */
    public boolean guardrailHolds() {
        return incidentsScored > 0 && adaptive.power() >= rule.minPower();
    }

    /** Why the guardrail refuses, or null when it holds. */
    public String guardrailRefusal() {
        if (guardrailHolds()) {
            return null;
        }
        if (incidentsScored == 0) {
            return "no labelled incident after the warm-up (" + scoredFrom + "): the detection power of rule '" + rule.id()
                    + "' cannot be measured, so it cannot be shown to reach min_power " + AdaptiveRule.num(rule.minPower());
        }
        return String.format(java.util.Locale.ROOT, "rule '%s' detects %d of %d incidents (power %.2f), below its min_power"
                + " %s: the parameters are under-sensitive; lower threshold (%s) or consecutive (%d), or raise alpha (%s)",
                rule.id(), adaptive.detected(), incidentsScored, adaptive.power(), AdaptiveRule.num(rule.minPower()),
                AdaptiveRule.num(rule.threshold()), rule.consecutive(), AdaptiveRule.num(rule.alpha()));
    }
}
