package dev.stagelight.verifier.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Known-answer data from public specifications, read in place from {@code ../shared/testdata}
 * (the build passes its location as the system property {@code stagelight.testdata}).
 * Where the folder is absent the calling test is skipped by an assumption that names it.
 */
public final class TestData {
    private TestData() {}

    public static Path root() {
        String configured = System.getProperty("stagelight.testdata", "../../shared/testdata");
        Path root = Path.of(configured).toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(root), "shared test data absent: " + root);
        return root;
    }

    public static Path path(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), "shared test data absent: " + p);
        return p;
    }
}
