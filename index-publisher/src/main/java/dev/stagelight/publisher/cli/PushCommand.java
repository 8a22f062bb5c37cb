package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.publish.GitCredentials;
import dev.stagelight.publisher.publish.GitPublisher;
import dev.stagelight.publisher.publish.GitRemote;
import dev.stagelight.publisher.publish.PublishException;
import dev.stagelight.publisher.publish.PushGaveUpException;
import dev.stagelight.publisher.publish.PushRefusedException;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = {
        "Publishes the index folder (with its site) to a git branch: commits the folder's files on top of the remote",
        "branch and pushes, only if something changed. The remote's checkpoint must be one ours provably extends",
        "(same log, valid signature, consistency proof from our tiles); a branch that moved meanwhile is fetched and",
        "checked again, never force-pushed. Credentials: --credentials-file, or the environment variables",
        "STAGELIGHT_GIT_USERNAME with STAGELIGHT_GIT_PASSWORD, or STAGELIGHT_GIT_TOKEN; never the command line.",
        "Exit codes: 0 pushed or up to date; 1 refused, the remote's checkpoint is not one ours extends (both are",
        "printed); 2 bad usage, input or remote error; 3 the branch kept moving, --max-retries exhausted (run again)."})
final class PushCommand implements Callable<Integer> {
    @ParentCommand
    PublisherCli cli;

    static final int GAVE_UP = 3;

    @Parameters(index = "0", paramLabel = "INDEX", description = "The published index folder (log and site).")
    Path index;

    @Option(names = "--git", required = true, paramLabel = "REMOTE",
            description = "The remote: https:// or git:// URL, or the path of a bare repository. No credentials in it.")
    String remote;

    @Option(names = "--branch", defaultValue = "gh-pages", paramLabel = "NAME",
            description = "Branch to publish to; created if missing. Default: ${DEFAULT-VALUE}.")
    String branch;

    @Option(names = "--log-vkey", required = true, paramLabel = "VKEY|FILE",
            description = "The log's verifier key (name+hash+base64, or a file such as keygen's log.vkey): our"
                    + " checkpoint and the remote's must be signed by it.")
    String logVkey;

    @Option(names = "--message", paramLabel = "TEXT",
            description = "Commit message. Default: \"Publish checkpoint <size> of <origin>\" and the root hash.")
    String message;

    @Option(names = "--max-retries", defaultValue = "5", paramLabel = "N",
            description = "Pushes retried after the branch moved underneath us. Default: ${DEFAULT-VALUE}.")
    int maxRetries;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "File with username= and password= (or token=) lines, as git credential helpers print them.")
    Path credentialsFile;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Private state folder (append lock, git work area in git/). Default: <INDEX>.state beside the index.")
    Path state;

    @Override
    public Integer call() throws Exception {
        PrintStream out = cli.out();
        PrintStream err = cli.err();
        GitCredentials credentials = credentialsFile != null ? GitCredentials.fromFile(credentialsFile)
                : GitCredentials.fromEnvironment(System.getenv());
        try {
            GitPublisher.Request request = new GitPublisher.Request(index, state != null ? new StateDir(state)
                    : StateDir.besides(index), GitRemote.parse(remote), branch, Optional.ofNullable(message),
                    maxRetries, credentials, verifierKeys(logVkey));
            GitPublisher.Outcome o = new GitPublisher(request, err, GitPublisher.BeforePush.NONE).push();
            String cp = "checkpoint " + o.published().size() + " of " + o.published().origin();
            switch (o.result()) {
                case UP_TO_DATE -> out.println(request.remote() + " branch " + branch + " already holds this folder ("
                        + cp + ", commit " + o.commit().name() + "); nothing pushed");
                case CREATED -> out.println("created branch " + branch + " on " + request.remote() + " with " + cp
                        + ": commit " + o.commit().name());
                case PUSHED -> out.println("pushed " + cp + " to " + request.remote() + " branch " + branch + ": commit "
                        + o.commit().name() + " on " + o.parent().orElseThrow().name()
                        + (o.attempts() > 1 ? " (after " + (o.attempts() - 1) + " rejected pushes)" : ""));
            }
            out.println("  " + o.files() + " files, " + o.bytes() + " bytes");
            out.println("  remote checkpoint: " + o.established());
            return 0;
        } catch (PushRefusedException e) {
            err.print("stagelight-publisher: " + e.describe());
            return Failure.VERIFICATION_FAILED;
        } catch (PushGaveUpException e) {
            err.println("stagelight-publisher: " + e.getMessage());
            return GAVE_UP;
        } finally {
            credentials.clear();
        }
    }

    /** A verifier key string, or a file with one per line ({@code #} comments allowed). */
    private static List<NoteVerifierKey> verifierKeys(String value) throws PublishException {
        Path file = null;
        try {
            file = Path.of(value);
        } catch (java.nio.file.InvalidPathException notAPath) {
            // A key string, then.
        }
        List<String> lines;
        boolean isFile = file != null && Files.isRegularFile(file);
        if (isFile) {
            try {
                lines = Files.readString(file, StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            } catch (IOException e) {
                throw new PublishException("--log-vkey " + value + ": cannot read: " + e.getMessage(), e);
            }
        } else {
            lines = List.of(value.strip());
        }
        List<NoteVerifierKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                keys.add(NoteVerifierKey.parse(lines.get(i)));
            } catch (NoteException e) {
                throw new PublishException("--log-vkey " + (isFile ? value + ":" + (i + 1) : "'" + value + "'") + ": "
                        + e.getMessage() + (isFile ? "" : " (neither a verifier key nor an existing file)"));
            }
        }
        if (keys.isEmpty()) {
            throw new PublishException("--log-vkey " + value + ": the file holds no verifier key");
        }
        return keys;
    }
}
