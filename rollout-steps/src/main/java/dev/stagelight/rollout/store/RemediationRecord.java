package dev.stagelight.rollout.store;

import java.util.List;
import java.util.Objects;

/**
 * A remediation scope's state as a store holds it (see {@code dev.stagelight.rollout.remediation}): the controller's
 * state document as last written and the number of writes so far. The evidence log written with each state is read
 * on its own ({@link RolloutStore#remediationEvidence}), so an evaluation never reads the whole log. The store does
 * not interpret the documents; it keeps state and evidence together and crash-safe.
 *
 * @param seq   writes so far (0: nothing stored yet)
 * @param state the state document of write {@code seq}, or null when {@code seq} is 0
 */
public record RemediationRecord(long seq, String state) {
    public static final RemediationRecord EMPTY = new RemediationRecord(0, null);

    public RemediationRecord {
        if (seq < 0 || (seq == 0) != (state == null)) {
            throw new IllegalArgumentException("a record has a state exactly when seq > 0");
        }
    }

    static String text(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            Objects.requireNonNull(l, "evidence line");
            if (l.isEmpty() || l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an evidence line is one non-empty line of JSON");
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
