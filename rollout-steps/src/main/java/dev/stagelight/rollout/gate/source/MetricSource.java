package dev.stagelight.rollout.gate.source;

/**
 * Where gate metrics come from: Prometheus, a plain HTTP JSON service, or a file of recorded samples. A source never
 * throws for a failed query; it returns a {@link QueryResult} whose {@link Outcome} names the failure, so a verdict
 * can say why it could not decide.
 */
public interface MetricSource {
    QueryResult query(Query query);

    /** The source as verdicts name it ({@code prometheus http://127.0.0.1:9090}). */
    String describe();
}
