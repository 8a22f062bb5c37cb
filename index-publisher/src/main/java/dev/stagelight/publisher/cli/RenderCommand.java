package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.site.SiteRenderer;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", description = {
        "Renders the static site (HTML for people, JSON for machines) into the index folder for its current checkpoint.",
        "Incremental: only what the entries since the last render need. --rebuild renders everything again (same bytes)."})
final class RenderCommand implements Callable<Integer> {
    @ParentCommand
    PublisherCli cli;

    @Parameters(index = "0", paramLabel = "INDEX", description = "The published index folder.")
    Path index;

    @Option(names = "--log-vkey", required = true, paramLabel = "VKEY|FILE",
            description = "The log's verifier key (note vkey, or a file holding it, e.g. log.vkey): the checkpoint must verify against it.")
    String vkey;

    @Option(names = "--state", paramLabel = "DIR", description = "Private state folder. Default: <INDEX>.state beside the index.")
    Path state;

    @Option(names = "--rebuild", description = "Render every page from the log, not just what is new.")
    boolean rebuild;

    @Mixin
    SiteOptions site;

    @Override
    public Integer call() throws Exception {
        NoteVerifierKey key = verifierKey(vkey);
        StateDir dir = state != null ? new StateDir(state) : StateDir.besides(index);
        long t0 = System.nanoTime();
        SiteRenderer.Result r;
        try (StateDir.Lock lock = dir.lock()) {
            r = new SiteRenderer(index, dir.path(), key, site.templates(), site.options())
                    .withProgress(cli.err()::println).render(rebuild);
        }
        SiteOptions.print(cli.out(), r, index, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    static NoteVerifierKey verifierKey(String text) throws java.io.IOException, NoteException {
        String v = text;
        if (!text.contains("+") || Files.isRegularFile(Path.of(text))) {
            v = Files.readString(Path.of(text)).strip();
        }
        try {
            return NoteVerifierKey.parse(v);
        } catch (NoteException e) {
            throw new NoteException("--log-vkey: " + e.getMessage());
        }
    }
}
