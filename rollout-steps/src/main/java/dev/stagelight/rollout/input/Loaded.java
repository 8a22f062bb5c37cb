package dev.stagelight.rollout.input;

import java.util.List;

/**
 * A value read from an input file together with the located warnings met while reading it (unknown fields in lenient
 * mode). Loaders return both so that no caller can drop the warnings by forgetting to ask for them.
 */
public record Loaded<T>(T value, List<InputWarning> warnings) {
    public Loaded {
        warnings = List.copyOf(warnings);
    }
}
