package dev.stagelight.rollout.store;

import java.util.List;
import java.util.Objects;

/**
 * What a store holds for one remediation scope (see {@code dev.stagelight.rollout.remediation}): the controller's
 * state document as last written, the number of writes so far, and the append-only evidence log, one JSON object a
 * line, oldest first. The store does not read the documents; it only keeps them together and crash-safe.
 *
 * @param seq      writes so far (0: nothing stored yet)
 * @param state    the state document of write {@code seq}, or null when {@code seq} is 0
 * @param evidence every evidence line of writes 1..seq, in order
 */
public record RemediationRecord(long seq, String state, List<String> evidence) {
    public static final RemediationRecord EMPTY = new RemediationRecord(0, null, List.of());

    public RemediationRecord {
        evidence = List.copyOf(evidence);
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
