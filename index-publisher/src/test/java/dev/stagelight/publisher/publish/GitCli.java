package dev.stagelight.publisher.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's git, run from tests to make remotes and to read what was pushed with a git that is not JGit. */
final class GitCli {
    private GitCli() {}

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("git-out-", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IOException("git " + String.join(" ", args) + " did not finish in 2 minutes");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " exited " + p.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A new bare repository at {@code dir}, with no branches. */
    static Path initBare(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        git(dir, "init", "--bare", "--quiet", ".");
        return dir;
    }

    /** The commit ids of {@code branch}, newest first (first parents only). */
    static List<String> log(Path bare, String branch) throws IOException, InterruptedException {
        return git(bare, "--git-dir=" + bare, "log", "--format=%H", "--first-parent", branch).lines().toList();
    }

    static String show(Path bare, String branch, String path) throws IOException, InterruptedException {
        return git(bare, "--git-dir=" + bare, "show", branch + ":" + path);
    }

    static List<String> files(Path bare, String branch) throws IOException, InterruptedException {
        return git(bare, "--git-dir=" + bare, "ls-tree", "-r", "--name-only", branch).lines().toList();
    }
}
