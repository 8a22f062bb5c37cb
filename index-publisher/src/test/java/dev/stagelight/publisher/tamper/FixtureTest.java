package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests over the shared {@link TamperFixture}: each gets a temp folder for its tampered copies. */
abstract class FixtureTest {
    static TamperFixture fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void shareFixture() throws Exception {
        fixture = TamperFixture.shared();
    }

    /** The verifier CLI with the fixture's trust flags; whatever happens, no stack trace reaches the user. */
    static TamperFixture.Run run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(fixture.trustArgs());
        TamperFixture.Run run = TamperFixture.verifier(a);
        assertFalse(run.all().contains("\tat "), () -> "stack trace shown: " + run);
        assertFalse(run.all().contains("Exception"), () -> "exception class shown: " + run);
        return run;
    }
}
