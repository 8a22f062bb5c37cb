package dev.stagelight.rollout.gate.adaptive;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one detector did on a labelled history. An alert fires when {@code consecutive} flagged points follow each other
 * and stays up until a point is not flagged; it is a true positive when it fires inside an incident's interval, a
 * false positive otherwise. An incident is detected when an alert fires inside it; power = detected / incidents;
 * time to detect = first such alert − incident start. The point false-positive rate is flagged points outside
 * incidents / points outside incidents.
 */
public record DetectorScore(String name, String condition, List<Alert> alerts, int incidents, int detected,
        List<Duration> timesToDetect, long flaggedOutside, long pointsOutside, double scoredDays) {
    public DetectorScore {
        alerts = List.copyOf(alerts);
        timesToDetect = List.copyOf(timesToDetect);
    }

    public int alertCount() {
        return alerts.size();
    }

    public int truePositives() {
        return (int) alerts.stream().filter(Alert::truePositive).count();
    }

    public int falsePositives() {
        return alertCount() - truePositives();
    }

    /** Detected / incidents; NaN without incidents. */
    public double power() {
        return incidents == 0 ? Double.NaN : (double) detected / incidents;
    }

    public double pointFalsePositiveRate() {
        return pointsOutside == 0 ? 0 : (double) flaggedOutside / pointsOutside;
    }

    public double falsePositivesPerDay() {
        return scoredDays == 0 ? 0 : falsePositives() / scoredDays;
    }

    public Optional<Duration> medianTimeToDetect() {
        if (timesToDetect.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> s = timesToDetect.stream().sorted().toList();
        int n = s.size();
        return Optional.of(n % 2 == 1 ? s.get(n / 2) : s.get(n / 2 - 1).plus(s.get(n / 2)).dividedBy(2));
    }

    public Optional<Duration> maxTimeToDetect() {
        return timesToDetect.stream().max(Duration::compareTo);
    }

    public Optional<Duration> meanTimeToDetect() {
        if (timesToDetect.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(timesToDetect.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(timesToDetect.size()));
    }
}
