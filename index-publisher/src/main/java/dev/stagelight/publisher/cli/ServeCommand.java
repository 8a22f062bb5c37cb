package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.serve.PreviewServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", description = {
        "Serves a site folder on 127.0.0.1 for a local preview, with the hosting headers (CSP, caching, CORS).",
        "Runs until stopped (Ctrl-C)."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FOLDER", description = "The index folder with its rendered site.")
    Path folder;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--prefix", paramLabel = "PATH", defaultValue = "/",
            description = "Serve under this sub-path, as a GitHub Pages project site is (e.g. /index/). Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Override
    public Integer call() throws Exception {
        PreviewServer server = PreviewServer.start(folder, prefix, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("serving " + folder.toAbsolutePath() + " at " + server.url("") + " (Ctrl-C stops)");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
