package dev.stagelight.rollout.gate.source;

/** Which side of a canary comparison a query is about; {@code {{group}}} renders as its label. */
public enum Group {
    BASELINE,
    CANARY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
