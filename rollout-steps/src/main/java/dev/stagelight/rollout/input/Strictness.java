package dev.stagelight.rollout.input;

/** What an unknown field is: an error ({@link #STRICT}) or a located warning ({@link #LENIENT}). */
public enum Strictness {
    STRICT,
    LENIENT
}
