package dev.stagelight.verifier.check;

import java.util.Locale;

/** Outcome of one check. A report verifies only when nothing failed and something was checked. */
public enum CheckStatus {
    OK,
    FAILED,
    SKIPPED;

    /** The lower-case word used in JSON and JUnit output. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
