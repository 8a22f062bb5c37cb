package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.site.SiteRenderer;
import dev.stagelight.publisher.site.SiteTemplates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the site is rendered: shared by {@code render} and {@code append} (which renders after appending). */
final class SiteOptions {
    @Option(names = "--templates", paramLabel = "DIR",
            description = "Your own template folder: a file there overrides the built-in template of the same name.")
    Path templates;

    @Option(names = "--key-published-at", paramLabel = "URL",
            description = "An https: URL where the log's verifier key is also published (shown on the home page); repeatable.")
    List<String> keyElsewhere = new ArrayList<>();

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The site's public https: URL, used in the copy-paste verifier commands on the home page.")
    String publicUrl;

    @Option(names = "--render-threads", paramLabel = "N", description = "Threads rendering entry pages. Default: one per core.")
    Integer threads;

    SiteRenderer.Options options() {
        int t = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
        return new SiteRenderer.Options(List.copyOf(keyElsewhere), publicUrl, t);
    }

    SiteTemplates templates() throws IOException {
        return SiteTemplates.create(Optional.ofNullable(templates));
    }

    static void print(PrintStream out, SiteRenderer.Result r, Path index, double seconds) {
        out.printf("site: rendered %d new entries (tree size %d -> %d) in %.1f s: %d entry pages, %d listing pages;"
                        + " %d files written (%d bytes), %d unchanged; checked %d entries, %d files%n",
                r.toSize() - r.fromSize(), r.fromSize(), r.toSize(), seconds, r.entryPages(), r.listingPages(),
                r.filesWritten(), r.bytesWritten(), r.filesUnchanged(), r.check().entriesChecked(), r.check().filesChecked());
        out.println("site: open " + index.toAbsolutePath().resolve("index.html") + " (or: stagelight publish serve "
                + index + ")");
    }
}
