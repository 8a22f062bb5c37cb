package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw-leaf layer reproduces the Tessera test log (../shared/testdata/tessera-log) byte for byte, step by step. */
class TesseraByteExactTest {
    /** Public test key of that log (see ../shared/testdata/README.md). */
    private static final String KEY = "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";
    private static final List<String> ENTRIES = List.of("one", "two", "three", "four", "five", "six", "seven", "eit",
            "nain", "ten", "ileven", "twelf", "threeten", "fourten", "fivten");

    @TempDir Path tmp;

    @Test
    void everyCheckpointAndTileMatchesTessera() throws Exception {
        Path want = TestData.path("tessera-log");
        Path index = tmp.resolve("log");
        Appender appender = new Appender(index, StateDir.besides(index), NoteSignerKey.parse(KEY), Clock.systemUTC(),
                DirectorySource::new, Appender.WriteHook.NONE);
        Files.createDirectories(index);
        Appender.Result init = appender.init();
        assertArrayEquals(Files.readAllBytes(want.resolve("checkpoint.0")), init.signedCheckpoint(), "checkpoint.0");

        for (int n = 1; n <= ENTRIES.size(); n++) {
            Appender.Result r = appender.appendLeaves(List.of(ENTRIES.get(n - 1).getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(Files.readAllBytes(want.resolve("checkpoint." + n)),
                    Files.readAllBytes(index.resolve("checkpoint")), "checkpoint." + n);
            assertEquals(List.of("tile/entries/000.p/" + n, "tile/0/000.p/" + n, "checkpoint"), r.written(), "step " + n);
            for (String p : r.written().subList(0, 2)) {
                assertArrayEquals(Files.readAllBytes(want.resolve(p)), Files.readAllBytes(index.resolve(p)), p);
            }
        }
        assertArrayEquals(Files.readAllBytes(want.resolve("checkpoint")), Files.readAllBytes(index.resolve("checkpoint")));
        assertEquals(files(want.resolve("tile")), files(index.resolve("tile")), "same tile files, no more, no fewer");
        for (String p : files(want.resolve("tile"))) {
            assertArrayEquals(Files.readAllBytes(want.resolve("tile").resolve(p)), Files.readAllBytes(index.resolve("tile").resolve(p)), p);
        }
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
