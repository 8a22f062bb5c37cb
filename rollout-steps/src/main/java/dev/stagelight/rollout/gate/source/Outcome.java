package dev.stagelight.rollout.gate.source;

/**
 * What a query came back with, named so a verdict can say it. Only {@link #OK} carries usable numbers; every other
 * outcome is a reason the gate could not decide from this query (no data is never a pass).
 */
public enum Outcome {
    /** At least one series, every value finite. */
    OK,
    /** The query matched no series (or no sample in the window). */
    EMPTY,
    /** At least one value is NaN (for example 0/0 from a ratio with no traffic). */
    NAN,
    /** At least one value is +Inf or -Inf (for example x/0). */
    INFINITE,
    /** HTTP 400: the server rejected the query or its parameters (bad PromQL). */
    BAD_QUERY,
    /** HTTP 422: the query parsed but could not be evaluated (many-to-many matching, duplicate labelsets). */
    EXECUTION_ERROR,
    /** HTTP 503: the server is unavailable, overloaded or the query timed out on the server. */
    UNAVAILABLE,
    /** The body is not the JSON the API promises. */
    MALFORMED,
    /** No answer within the per-request timeout. */
    TIMEOUT,
    /** The connection failed (refused, reset, unknown host). */
    UNREACHABLE,
    /** Any other HTTP status. */
    HTTP_ERROR;

    /** True when the source answered with numbers (possibly NaN or infinite), false when it did not answer. */
    public boolean answered() {
        return this == OK || this == EMPTY || this == NAN || this == INFINITE;
    }

    /** The name as verdicts write it ({@code bad_query}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
