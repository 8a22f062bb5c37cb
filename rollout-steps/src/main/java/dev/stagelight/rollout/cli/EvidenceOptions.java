package dev.stagelight.rollout.cli;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.rollout.evidence.EvidenceIndex;
import dev.stagelight.rollout.evidence.EvidenceRecorder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where the stateful commands publish their decisions: each transition's events become signed rollout-evidence
 * manifests appended to a transparency index in one batch once the command's transitions are stored.
 */
final class EvidenceOptions {
    @Option(names = "--evidence-index", paramLabel = "DIR",
            description = "Append every decision of this command as a signed rollout-evidence manifest to this index.")
    Path index;

    @Option(names = "--evidence-key", paramLabel = "FILE",
            description = "Signs the evidence manifests (PKCS#8 PEM or note key); with --evidence-index.")
    Path key;

    @Option(names = "--evidence-log-key", paramLabel = "FILE",
            description = "The index's checkpoint note key (default: --evidence-key, when that is the note key).")
    Path logKey;

    final EvidenceRecorder recorder = new EvidenceRecorder();

    boolean enabled() {
        if ((index == null) != (key == null)) {
            throw new IllegalArgumentException("--evidence-index and --evidence-key go together");
        }
        return index != null;
    }

    /** Opens the index before any transition, so a bad key or folder fails before the rollout moves. */
    EvidenceIndex open() throws Exception {
        return enabled() ? new EvidenceIndex(index, key, logKey, Clock.systemUTC()) : null;
    }

    /** Appends what the command decided; prints what was written. */
    void publish(EvidenceIndex target, PrintWriter out) throws Exception {
        if (target == null || recorder.size() == 0) {
            return;
        }
        int n = recorder.size();
        Appender.Result r;
        try {
            r = recorder.publish(target);
        } catch (Exception e) {
            // What the command decided is already stored; only its publication failed.
            throw new java.io.IOException("evidence not appended to " + index + ": " + e.getMessage() + " (the " + n
                    + " decisions are kept in the rollout store)", e);
        }
        out.println("evidence: appended " + n + " rollout-evidence entries (seq " + r.firstSeq() + ".."
                + (r.checkpoint().size() - 1) + ") to " + index + ", " + r.written().size() + " files written");
        out.flush();
    }
}
