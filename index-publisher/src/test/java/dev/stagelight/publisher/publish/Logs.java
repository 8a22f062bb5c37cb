package dev.stagelight.publisher.publish;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.testing.TestIndex;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies of one log (same keys, same origin) that grow apart through the real append path: a copy that is ahead of
 * another, or a fork whose entries differ after a common prefix, as two publishers with stale or diverged folders
 * would have.
 */
final class Logs {
    private Logs() {}

    /** Appends {@code count} new statements named {@code <prefix>-<i>} to {@code index}, signed with {@code t}'s keys. */
    static Checkpoint append(TestIndex t, Path index, String prefix, int count) throws Exception {
        List<IngestedManifest> manifests = new ArrayList<>();
        for (Path p : t.statements(prefix, count)) {
            manifests.add(t.ingest().read(p));
        }
        Appender a = new Appender(index, StateDir.besides(index), t.logKey, TestIndex.CLOCK, DirectorySource::new,
                Appender.WriteHook.NONE);
        return a.append(manifests).checkpoint();
    }

    /** A copy of {@code index} (the folder only; its state folder starts empty) at {@code target}. */
    static Path copy(Path index, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(index)) {
            all.forEach(p -> {
                try {
                    Path to = target.resolve(index.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }

    static Checkpoint checkpointOf(Path index) throws Exception {
        return Checkpoint.parse(SignedNote.parse(Files.readAllBytes(index.resolve("checkpoint"))).text());
    }
}
