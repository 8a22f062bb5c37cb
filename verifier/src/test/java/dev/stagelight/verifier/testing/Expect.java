package dev.stagelight.verifier.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Failure assertions: the right exception type, and a message that says what is wrong (not just that something is). */
public final class Expect {
    private Expect() {}

    /** Runs {@code action}, which must throw {@code type} with a message containing {@code fragment}. */
    public static <T extends Throwable> T failure(Class<T> type, String fragment, Executable action) {
        T e = assertThrows(type, action);
        assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                () -> "expected \"" + fragment + "\" in: " + e.getMessage());
        return e;
    }
}
