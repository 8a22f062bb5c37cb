package dev.stagelight.publisher.append;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.tiles.TilePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher never signs a checkpoint inconsistent with the previous one: before signing it recomputes the new root
 * from the tiles on disk and proves that tree extends the signed one. Both halves of that check are made to fail here,
 * and the published checkpoint must stay exactly as it was.
 */
class CheckBeforeSigningTest {
    private static final int BASE = 3;
    private static final int K = 2;

    @TempDir Path tmp;

    /** A tile the batch just wrote is overwritten before the checkpoint step (the hook fires before the shards). */
    @Test
    void aTileChangedAfterTheBatchWroteItIsNotSigned() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        t.appender(Appender.WriteHook.NONE).append(ingest(t, "base", BASE));
        byte[] before = Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT));
        Path newTile = t.index.resolve(TilePath.hashTile(0, 0, BASE + K).path());
        boolean[] done = {false};
        Appender overwriting = t.appender(path -> {
            if (path.startsWith("api/") && !done[0]) {
                flipByte(newTile, (BASE + K) * 32 - 1); // the hash of the last new entry
                done[0] = true;
            }
        });
        AppendException e = assertThrows(AppendException.class, () -> overwriting.append(ingest(t, "more", K)));
        assertTrue(e.getMessage().startsWith(t.index + ": the tiles on disk give root "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; not signing"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT)), "checkpoint unchanged");
    }

    /**
     * A tile of the signed tree altered before the append: the batch builds on the altered right edge, so its own
     * root agrees with the tiles, but that tree does not extend the signed root; the consistency proof refuses it.
     */
    @Test
    void aTreeThatDoesNotExtendTheSignedOneIsNotSigned() throws Exception {
        TestIndex t = TestIndex.create(tmp);
        t.appender(Appender.WriteHook.NONE).append(ingest(t, "base", BASE));
        byte[] before = Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT));
        flipByte(t.index.resolve(TilePath.hashTile(0, 0, BASE).path()), 0); // entry 0's hash, not the last one (prev)
        AppendException e = assertThrows(AppendException.class,
                () -> t.appender(Appender.WriteHook.NONE).append(ingest(t, "more", K)));
        assertTrue(e.getMessage().startsWith(t.index + ": the new tree of size " + (BASE + K)
                + " does not extend the signed tree of size " + BASE + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; not signing"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(t.index.resolve(IndexLayout.CHECKPOINT)), "checkpoint unchanged");
    }

    private static List<IngestedManifest> ingest(TestIndex t, String prefix, int count) throws Exception {
        List<IngestedManifest> out = new ArrayList<>();
        for (Path p : t.statements(prefix, count)) {
            out.add(t.ingest().read(p));
        }
        return out;
    }

    /** Replaces the file under its name (published files may be hard links to a temp file), one bit flipped. */
    private static void flipByte(Path file, int at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[at] ^= 0x01;
        Path temp = file.resolveSibling(file.getFileName() + ".altered");
        Files.write(temp, b);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
