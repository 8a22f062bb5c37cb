package dev.stagelight.rollout.gate.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backtest metrics on small labelled series, counted by hand. */
class BacktestTest {
    static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    /** 20 one-minute points; incident A on points 5..7, B on 14..15. */
    static MetricHistory twenty(double[] values) {
        long[] t = new long[20];
        for (int i = 0; i < 20; i++) {
            t[i] = T0.getEpochSecond() + 60L * i;
        }
        return new MetricHistory("test", t, values, List.of(
                new Incident("A", T0.plusSeconds(300), T0.plusSeconds(420)),
                new Incident("B", T0.plusSeconds(840), T0.plusSeconds(900))));
    }

    static boolean[] flagsAt(int... points) {
        boolean[] f = new boolean[20];
        for (int p : points) {
            f[p] = true;
        }
        return f;
    }

    @Test
    void alertsTruePositivesPowerAndTimeToDetect() {
        MetricHistory h = twenty(new double[20]);
        // flags: 2 (outside), 5, 6 (A), 10, 11 (outside), 15 (B)
        DetectorScore s = Backtest.scoreFlags(h, 0, flagsAt(2, 5, 6, 10, 11, 15), 1);
        assertEquals(4, s.alertCount()); // fired at 2, 5, 10, 15
        assertEquals(List.of(T0.plusSeconds(120), T0.plusSeconds(300), T0.plusSeconds(600), T0.plusSeconds(900)),
                s.alerts().stream().map(Alert::firedAt).toList());
        assertEquals(2, s.truePositives());
        assertEquals(2, s.falsePositives());
        assertEquals(1.0, s.power());
        assertEquals(List.of(Duration.ZERO, Duration.ofMinutes(1)), s.timesToDetect());
        assertEquals(Duration.ofSeconds(30), s.medianTimeToDetect().orElseThrow());
        assertEquals(Duration.ofMinutes(1), s.maxTimeToDetect().orElseThrow());
        // 15 points outside incidents, 3 of them flagged (2, 10, 11)
        assertEquals(15, s.pointsOutside());
        assertEquals(0.2, s.pointFalsePositiveRate(), 1e-12);

        // Two in a row: 2 and 15 stand alone; 5-6 fires at 6 (A, one minute late), 10-11 fires at 11.
        DetectorScore two = Backtest.scoreFlags(h, 0, flagsAt(2, 5, 6, 10, 11, 15), 2);
        assertEquals(2, two.alertCount());
        assertEquals(1, two.falsePositives());
        assertEquals(0.5, two.power());
        assertEquals(List.of(Duration.ofMinutes(1)), two.timesToDetect());
    }

    @Test
    void anAlertAlreadyUpWhenAnIncidentStartsDoesNotDetectIt() {
        DetectorScore s = Backtest.scoreFlags(twenty(new double[20]), 0, flagsAt(3, 4, 5, 6, 7), 1);
        assertEquals(1, s.alertCount());
        assertEquals(1, s.falsePositives());
        assertEquals(0, s.detected());
        assertTrue(s.medianTimeToDetect().isEmpty());
    }

    @Test
    void incidentsBeforeTheWarmUpAreNotScored() {
        DetectorScore s = Backtest.scoreFlags(twenty(new double[20]), 10, flagsAt(15), 1);
        assertEquals(1, s.incidents(), "A starts before point 10");
        assertEquals(1, s.detected());
    }

    @Test
    void aFullRunAgainstAGivenAndASearchedFixedThreshold() {
        // Flat 10/11 alternating; spikes of 30 at 6 (A), 15 (B) and 18 (no incident).
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) {
            v[i] = i % 2 == 0 ? 10 : 11;
        }
        v[6] = 30;
        v[15] = 30;
        v[18] = 30;
        v[2] = 20; // a smaller spike outside incidents, below the searched fixed threshold
        AdaptiveRule rule = new AdaptiveRule("r", Method.EWMA_MAD, Baseline.FLAT, Season.HOUR_OF_DAY, 0.5,
                Duration.ofHours(1), 3, Direction.INCREASE, 1, 3, 0.8, 0, ZoneOffset.UTC);
        BacktestReport r = Backtest.run(twenty(v), rule, new FixedThreshold(15.0, null));
        assertEquals(T0.plusSeconds(180), r.scoredFrom(), "three past values from point 3 on");
        assertEquals(17, r.scoredPoints());
        assertEquals(2, r.incidentsScored());
        // adaptive: 6, 15, 18 are > 3 robust sd above an EWMA of ~10.5 (MAD 0.5 -> scale 0.74)
        assertEquals(3, r.adaptive().alertCount());
        assertEquals(1, r.adaptive().falsePositives());
        assertEquals(1.0, r.adaptive().power());
        // fixed > 15 on the same points: 6, 15, 18 (2 is before the scored range)
        assertEquals(3, r.fixed().alertCount());
        assertEquals(0.0, r.alertReduction(), 1e-12);
        assertTrue(r.guardrailHolds());
        assertNull(r.guardrailRefusal());

        BacktestReport searched = Backtest.run(twenty(v), rule, null);
        assertTrue(searched.fixedChosen());
        assertEquals(Math.nextDown(30.0), searched.fixedThreshold().above(), "the strictest bound that catches both");
        assertEquals(2, searched.fixed().detected());
    }

    @Test
    void theGuardrailRefusesAnUnderSensitiveRule() {
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) {
            v[i] = i % 2 == 0 ? 10 : 11;
        }
        v[6] = 30;
        v[15] = 12; // B barely moves
        AdaptiveRule rule = new AdaptiveRule("r", Method.EWMA_MAD, Baseline.FLAT, Season.HOUR_OF_DAY, 0.5,
                Duration.ofHours(1), 3, Direction.INCREASE, 1, 3, 0.8, 0, ZoneOffset.UTC);
        BacktestReport r = Backtest.run(twenty(v), rule, null);
        assertEquals(0.5, r.adaptive().power());
        assertFalse(r.guardrailHolds());
        assertEquals("rule 'r' detects 1 of 2 incidents (power 0.50), below its min_power 0.8: the parameters are"
                + " under-sensitive; lower threshold (3) or consecutive (1), or raise alpha (0.5)", r.guardrailRefusal());
        assertTrue(BacktestFormat.table(r).contains("guardrail: REFUSED"));

        MetricHistory none = new MetricHistory("none", twenty(v).times(), v, List.of());
        BacktestReport n = Backtest.run(none, rule, new FixedThreshold(15.0, null));
        assertFalse(n.guardrailHolds(), "no incidents: power unmeasurable, never a pass");
        assertTrue(n.guardrailRefusal().contains("cannot be measured"), n.guardrailRefusal());
    }
}
