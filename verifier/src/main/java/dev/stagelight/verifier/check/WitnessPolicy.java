package dev.stagelight.verifier.check;

import dev.stagelight.verifier.note.CosignerKey;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which witnesses must have cosigned a checkpoint before it is believed (split-view protection): at least
 * {@code threshold} of {@code witnesses}, each by a valid C2SP {@code cosignature/v1}.
 *
 * @param witnesses the pinned witness keys, each once
 * @param threshold how many of them must have cosigned, 1 to {@code witnesses.size()}
 */
public record WitnessPolicy(List<CosignerKey> witnesses, int threshold) {
    public WitnessPolicy {
        witnesses = List.copyOf(new LinkedHashSet<>(witnesses));
        if (witnesses.isEmpty()) {
            throw new IllegalArgumentException("a witness policy needs at least one witness key");
        }
        if (threshold < 1 || threshold > witnesses.size()) {
            throw new IllegalArgumentException("witness threshold " + threshold + ": expected 1 to " + witnesses.size()
                    + " (the number of distinct witness keys)");
        }
    }

    /** Every given witness must have cosigned. */
    public static WitnessPolicy all(List<CosignerKey> witnesses) {
        return new WitnessPolicy(witnesses, new LinkedHashSet<>(witnesses).size());
    }
}
