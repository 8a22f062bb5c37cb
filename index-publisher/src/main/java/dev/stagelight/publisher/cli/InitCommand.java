package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.verifier.source.DirectorySource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Mixin;

@Command(name = "init", description = "Creates an empty index: a signed checkpoint of size 0.")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    PublisherCli cli;

    @Mixin
    LogKeyOptions log;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Files.createDirectories(log.index);
        Appender appender = new Appender(log.index, log.stateDir(), log.key(), Clock.systemUTC(), DirectorySource::new,
                Appender.WriteHook.NONE);
        Appender.Result r = appender.init();
        cli.out().println("created index " + log.index.toAbsolutePath() + " (state in " + log.stateDir().path() + ")");
        cli.out().print(new String(r.signedCheckpoint(), StandardCharsets.UTF_8));
        return 0;
    }
}
