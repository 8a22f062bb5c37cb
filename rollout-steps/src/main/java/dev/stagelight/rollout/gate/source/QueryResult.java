package dev.stagelight.rollout.gate.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one query, carrying everything a verdict needs to explain itself: the source, the query as sent, the
 * evaluation time (for a range query the window {@code start..time} and its step), the series, the outcome and a
 * message saying what happened, and how many attempts it took.
 *
 * @param source  the source as {@link MetricSource#describe()} names it
 * @param query   the query text exactly as sent (templates already rendered)
 * @param start   the start of the range; equal to {@code time} for an instant query
 * @param time    the evaluation time (the end of the range)
 * @param step    the range step; zero for an instant query
 * @param outcome what came back
 * @param message why, in one line ({@code "HTTP 400 bad_data: 1:10: parse error: unclosed left parenthesis"})
 */
public record QueryResult(String source, String query, Instant start, Instant time, Duration step, List<Series> series,
                          Outcome outcome, String message, int attempts) {
    public QueryResult {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
        series = List.copyOf(series);
    }

    public boolean isRange() {
        return !step.isZero();
    }

    /** A failure to answer (no series). */
    static QueryResult failed(String source, Query q, Outcome outcome, String message, int attempts) {
        return new QueryResult(source, q.text(), q.start(), q.time(), q.step(), List.of(), outcome, message, attempts);
    }

    /** An answer: classifies the series as OK, EMPTY, NAN or INFINITE. */
    static QueryResult answered(String source, Query q, List<Series> series, int attempts) {
        int values = 0, nan = 0, inf = 0;
        String firstNan = null, firstInf = null;
        for (Series s : series) {
            for (Sample p : s.samples()) {
                values++;
                if (Double.isNaN(p.value())) {
                    nan++;
                    firstNan = firstNan == null ? s.labelText() : firstNan;
                } else if (Double.isInfinite(p.value())) {
                    inf++;
                    firstInf = firstInf == null ? s.labelText() + " = " + (p.value() > 0 ? "+Inf" : "-Inf") : firstInf;
                }
            }
        }
        Outcome o;
        String msg;
        if (values == 0) {
            o = Outcome.EMPTY;
            msg = "no series matched";
        } else if (nan > 0) {
            o = Outcome.NAN;
            msg = nan + " of " + values + " values are NaN (first in " + firstNan + ")";
        } else if (inf > 0) {
            o = Outcome.INFINITE;
            msg = inf + " of " + values + " values are infinite (first " + firstInf + ")";
        } else {
            o = Outcome.OK;
            msg = series.size() + " series, " + values + " values";
        }
        return new QueryResult(source, q.text(), q.start(), q.time(), q.step(), series, o, msg, attempts);
    }

    /** Every value of every series, in series then time order. */
    public double[] values() {
        List<Double> out = new ArrayList<>();
        for (Series s : series) {
            for (Sample p : s.samples()) {
                out.add(p.value());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One line for logs and verdicts: {@code prometheus http://..: rate(x[5m]) at 2026-01-01T00:00:00Z: ok, ...}. */
    public String describe() {
        String when = isRange() ? start + ".." + time + " step " + step.toSeconds() + "s" : "at " + time;
        return source + ": " + query + " " + when + ": " + outcome.label() + ", " + message
                + (attempts > 1 ? " (" + attempts + " attempts)" : "");
    }
}
