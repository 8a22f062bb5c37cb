package dev.stagelight.publisher.site;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.testing.TestIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real index (real append path) with its site rendered by the real renderer, for the site tests. */
final class RenderedIndex {
    final TestIndex t;
    private int appended;

    private RenderedIndex(TestIndex t) {
        this.t = t;
    }

    static RenderedIndex create(Path dir) throws Exception {
        return new RenderedIndex(TestIndex.create(dir));
    }

    Path index() {
        return t.index;
    }

    Path state() {
        return StateDir.besides(t.index).path();
    }

    /** Appends {@code count} export statements (7 tenants, 2 regions), without rendering. */
    RenderedIndex append(int count) throws Exception {
        List<String> statements = new ArrayList<>();
        for (int i = appended; i < appended + count; i++) {
            statements.add(TestIndex.statement("exp-" + i, "tenant-" + (i % 7), i % 3 == 0 ? "us-east-1" : "eu-west-1"));
        }
        appended += count;
        return appendStatements(statements);
    }

    RenderedIndex appendStatements(List<String> statements) throws Exception {
        List<IngestedManifest> batch = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            batch.add(t.ingest().read(statements.get(i).getBytes(StandardCharsets.UTF_8), "statement " + i));
        }
        t.appender(Appender.WriteHook.NONE).append(batch);
        return this;
    }

    SiteRenderer.Result render() throws IOException {
        return renderer(index(), state()).render(false);
    }

    SiteRenderer renderer(Path index, Path state) throws IOException {
        return new SiteRenderer(index, state, t.logKey.verifierKey(), SiteTemplates.create(Optional.empty()),
                new SiteRenderer.Options(List.of(), null, 2));
    }

    /** Every file under a folder, by relative path, with its bytes. */
    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** True for the log's own files, which the site step only reads (plus the kept checkpoints it adds). */
    static boolean isLogFile(String path) {
        return path.equals("checkpoint") || path.startsWith("tile/") || path.startsWith("manifests/")
                || path.startsWith("keys/") || path.startsWith("api/v1/sha256/") || path.startsWith("checkpoints/");
    }
}
