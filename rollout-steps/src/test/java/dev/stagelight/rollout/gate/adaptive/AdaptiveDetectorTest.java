package dev.stagelight.rollout.gate.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.rollout.gate.analysis.Status;
import dev.stagelight.rollout.gate.source.Sample;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verdicts on small series whose expected value, scale and z were worked out by hand. */
class AdaptiveDetectorTest {
    static final Instant T0 = Instant.parse("2026-11-03T00:00:00Z"); // a Tuesday

    static AdaptiveRule flat(double alpha, double threshold, int minSamples) {
        return new AdaptiveRule("r", Method.EWMA_MAD, Baseline.FLAT, Season.HOUR_OF_DAY, alpha, Duration.ofHours(1),
                threshold, Direction.INCREASE, 1, minSamples, 0.8, 0, ZoneOffset.UTC);
    }

    static List<Sample> minutes(double... values) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Sample(T0.plusSeconds(60L * i), values[i]));
        }
        return out;
    }

    @Test
    void expectedIsTheEwmaOfTheBaselineAndZIsScaledByMad() {
        AdaptiveDetector d = new AdaptiveDetector(flat(0.5, 3, 3));
        // baseline 10, 12, 11, 13: median 11.5; |x - 11.5| = 1.5, .5, .5, 1.5 -> MAD 1.0, scale 1.4826
        // EWMA (alpha .5): 10 -> 11 -> 11 -> 12; z = (30 - 12) / 1.4826 = 12.1408...
        AdaptiveVerdict v = d.evaluate(minutes(10, 12, 11, 13, 30), T0.plusSeconds(240));
        assertEquals(AdaptiveStatus.ANOMALY, v.status(), v.explain());
        assertEquals(4, v.baselineSamples());
        assertEquals(11.5, v.median(), 1e-12);
        assertEquals(12, v.expected(), 1e-12);
        assertEquals(1.4826, v.scale(), 1e-12);
        assertEquals(ScaleSource.MAD, v.scaleSource());
        assertEquals(12.1408336706, v.z(), 1e-9);
        assertEquals(Status.FAILED, v.gateStatus());
        assertTrue(v.explain().contains("z = 12.14") && v.explain().contains("z > 3"), v.explain());

        AdaptiveVerdict ok = d.evaluate(minutes(10, 12, 11, 13, 13), T0.plusSeconds(240));
        assertEquals(AdaptiveStatus.NORMAL, ok.status());
        assertEquals(0.6744907595, ok.z(), 1e-9); // (13 - 12) / 1.4826
        assertEquals(Status.SUCCESSFUL, ok.gateStatus());
    }

    @Test
    void aPastSpikeIsClippedBeforeSmoothing() {
        AdaptiveDetector d = new AdaptiveDetector(flat(0.5, 3, 3));
        // baseline 10, 12, 11, 100: median 11.5, MAD 1.0 (devs .5, .5, 1.5, 88.5), scale 1.4826;
        // 100 is clipped to 11.5 + 3 * 1.4826 = 15.9478; EWMA 10 -> 11 -> 11 -> (15.9478 + 11) / 2 = 13.4739
        AdaptiveVerdict v = d.evaluate(minutes(10, 12, 11, 100, 14), T0.plusSeconds(240));
        assertEquals(13.4739, v.expected(), 1e-9);
        assertEquals(AdaptiveStatus.NORMAL, v.status());
    }

    @Test
    void madZeroFallsBackToTheMeanAbsoluteDeviation() {
        AdaptiveDetector d = new AdaptiveDetector(flat(0.5, 3, 3));
        // baseline 5, 5, 5, 5, 9: median 5, MAD 0; mean |x - 5| = 0.8 -> scale 1.2533 * 0.8 = 1.00264
        // 9 is clipped to 5 + 3 * 1.00264 = 8.00792; EWMA 5, 5, 5, 5 -> 6.50396
        AdaptiveVerdict normal = d.evaluate(minutes(5, 5, 5, 5, 9, 9), T0.plusSeconds(300));
        assertEquals(ScaleSource.MEAN_ABSOLUTE_DEVIATION, normal.scaleSource());
        assertEquals(1.00264, normal.scale(), 1e-12);
        assertEquals(6.50396, normal.expected(), 1e-9);
        assertEquals(2.4894678050, normal.z(), 1e-9);
        assertEquals(AdaptiveStatus.NORMAL, normal.status());
        AdaptiveVerdict high = d.evaluate(minutes(5, 5, 5, 5, 9, 10), T0.plusSeconds(300));
        assertEquals(3.4868347562, high.z(), 1e-9);
        assertEquals(AdaptiveStatus.ANOMALY, high.status());
    }

    @Test
    void aConstantBaselineUsesMinScaleOrCallsAnyChangeAnomalous() {
        AdaptiveDetector noFloor = new AdaptiveDetector(flat(0.5, 3, 3));
        AdaptiveVerdict same = noFloor.evaluate(minutes(5, 5, 5, 5), T0.plusSeconds(180));
        assertEquals(ScaleSource.CONSTANT, same.scaleSource());
        assertEquals(0, same.z());
        assertEquals(AdaptiveStatus.NORMAL, same.status());
        AdaptiveVerdict moved = noFloor.evaluate(minutes(5, 5, 5, 5.1), T0.plusSeconds(180));
        assertEquals(Double.POSITIVE_INFINITY, moved.z());
        assertEquals(AdaptiveStatus.ANOMALY, moved.status());

        AdaptiveRule floored = new AdaptiveRule("r", Method.EWMA_MAD, Baseline.FLAT, Season.HOUR_OF_DAY, 0.5,
                Duration.ofHours(1), 3, Direction.INCREASE, 1, 3, 0.8, 0.5, ZoneOffset.UTC);
        AdaptiveVerdict v = new AdaptiveDetector(floored).evaluate(minutes(5, 5, 5, 6), T0.plusSeconds(180));
        assertEquals(ScaleSource.MIN_SCALE, v.scaleSource());
        assertEquals(2, v.z(), 1e-12); // (6 - 5) / 0.5
        assertEquals(AdaptiveStatus.NORMAL, v.status());
    }

    @Test
    void tooLittleBaselineIsNoDataNotAPass() {
        AdaptiveDetector d = new AdaptiveDetector(flat(0.5, 3, 5));
        AdaptiveVerdict v = d.evaluate(minutes(10, 12, 11, 13, 30), T0.plusSeconds(240));
        assertEquals(AdaptiveStatus.NO_DATA, v.status());
        assertEquals(Status.INCONCLUSIVE, v.gateStatus());
        assertTrue(v.reason().contains("fewer than min_samples 5"), v.reason());
        assertEquals(AdaptiveStatus.NO_DATA, d.evaluate(minutes(1, 2), T0.minusSeconds(1)).status(), "nothing before at");
    }

    @Test
    void theWindowBoundsTheBaselineAndAtPicksTheLastSampleBeforeIt() {
        AdaptiveRule r = flat(0.5, 3, 3);
        AdaptiveDetector d = new AdaptiveDetector(r);
        List<Sample> s = new ArrayList<>();
        s.add(new Sample(T0.minus(Duration.ofHours(2)), 1000)); // outside the 1h window
        s.addAll(minutes(10, 12, 11, 13, 30, 99));
        AdaptiveVerdict v = d.evaluate(s, T0.plusSeconds(270)); // the sample at 240 s; the one at 300 s is after 'at'
        assertEquals(T0.plusSeconds(240), v.time());
        assertEquals(4, v.baselineSamples());
        assertEquals(12, v.expected(), 1e-12);
    }

    @Test
    void seasonBucketsByHourDayAndHourOfWeek() {
        long t = Instant.parse("2026-11-03T14:05:00Z").getEpochSecond(); // Tuesday
        var utc = ZoneOffset.UTC.getRules();
        assertEquals(14, Season.HOUR_OF_DAY.bucket(t, utc));
        assertEquals(1, Season.DAY_OF_WEEK.bucket(t, utc));
        assertEquals(24 + 14, Season.HOUR_OF_WEEK.bucket(t, utc));
        assertEquals("Tue 14h", Season.HOUR_OF_WEEK.label(38));
        assertEquals(15, Season.HOUR_OF_DAY.bucket(t, ZoneId.of("Europe/Berlin").getRules()), "CET is UTC+1 in November");
        long sunday = Instant.parse("2026-11-08T23:59:59Z").getEpochSecond();
        assertEquals(6, Season.DAY_OF_WEEK.bucket(sunday, utc));
        assertEquals(6 * 24 + 23, Season.HOUR_OF_WEEK.bucket(sunday, utc));
    }

    @Test
    void aSeasonalBaselineComparesOnlyTheSameHour() {
        // Three days of hourly values where each hour has its own level (10 x hour), plus +-1 of wobble.
        List<Sample> s = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int h = 0; h < 24; h++) {
                s.add(new Sample(T0.plus(Duration.ofHours(24L * day + h)), 10.0 * h + (day % 2 == 0 ? 1 : -1)));
            }
        }
        s.add(new Sample(T0.plus(Duration.ofHours(72 + 14)), 141)); // hour 14 of day 4: its usual level
        AdaptiveRule seasonal = new AdaptiveRule("r", Method.EWMA_MAD, Baseline.SEASONAL, Season.HOUR_OF_DAY, 0.5,
                Duration.ofDays(7), 3, Direction.INCREASE, 1, 3, 0.8, 0, ZoneOffset.UTC);
        AdaptiveVerdict v = new AdaptiveDetector(seasonal).evaluate(s, T0.plus(Duration.ofDays(4)));
        // the baseline is hour 14 of days 1..3: 141, 139, 141 -> median 141, MAD 0 -> mean |x - 141| = 2/3
        assertEquals("14h", v.bucket());
        assertEquals(3, v.baselineSamples());
        assertEquals(141, v.median());
        assertEquals(ScaleSource.MEAN_ABSOLUTE_DEVIATION, v.scaleSource());
        assertEquals(AdaptiveStatus.NORMAL, v.status(), v.explain());
        // The same value against a flat baseline of the whole day (0..231) would not be judged on its own hour.
        AdaptiveVerdict f = new AdaptiveDetector(seasonal.withBaseline(Baseline.FLAT, Season.HOUR_OF_DAY))
                .evaluate(s, T0.plus(Duration.ofDays(4)));
        assertEquals(72, f.baselineSamples());
    }

    @Test
    void evaluateAllMatchesEvaluatePointByPoint() {
        AdaptiveRule r = new AdaptiveRule("r", Method.EWMA_MAD, Baseline.SEASONAL, Season.HOUR_OF_DAY, 0.3,
                Duration.ofDays(2), 3, Direction.EITHER, 1, 3, 0.8, 0, ZoneOffset.UTC);
        java.util.Random rnd = new java.util.Random(3);
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 24 * 12 * 4; i++) { // four days every 5 minutes
            s.add(new Sample(T0.plusSeconds(300L * i), 50 + 20 * Math.sin(i / 40.0) + rnd.nextGaussian()));
        }
        AdaptiveDetector d = new AdaptiveDetector(r);
        List<AdaptiveVerdict> all = d.evaluateAll(s);
        for (int i = 0; i < s.size(); i += 37) {
            assertEquals(d.evaluate(s.subList(0, i + 1), s.get(i).time()), all.get(i), "point " + i);
        }
        assertThrows(IllegalArgumentException.class,
                () -> d.evaluateAll(new long[] {2, 1}, new double[] {1, 1}), "times must ascend");
    }
}
