package dev.stagelight.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.publisher.testing.TestIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushing over smart HTTP to {@code git http-backend} behind HTTP Basic authentication: credentials from the
 * environment or a file reach the server, wrong or missing ones fail with exit 2, and the secret never appears in
 * anything the publisher prints. Runs the publisher as a separate process, with its own environment.
 */
class PushOverHttpTest {
    private static final String USER = "publisher";
    private static final String SECRET = "p4ss-Zq9-secret-value";
    private static final String BRANCH = "gh-pages";

    @TempDir Path tmp;
    private TestIndex a;
    private Path bare;
    private GitHttpServer server;

    @BeforeEach
    void serve() throws Exception {
        a = TestIndex.create(tmp.resolve("a"));
        Logs.append(a, a.index, "first", 3);
        bare = GitCli.initBare(tmp.resolve("served").resolve("site.git"));
        server = GitHttpServer.start(bare.getParent(), USER, SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private PublisherProcess.Outcome push(Map<String, String> env, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("push", a.index.toString(), "--git",
                server.url("site.git"), "--branch", BRANCH, "--log-vkey", a.logKey.verifierKey().encode()));
        args.addAll(List.of(extra));
        PublisherProcess.Outcome o = PublisherProcess.run(tmp.resolve("logs"), env, args.toArray(String[]::new));
        assertFalse((o.stdout() + o.stderr()).contains(SECRET), "the secret was printed: " + o);
        return o;
    }

    @Test
    void credentialsFromTheEnvironment() throws Exception {
        PublisherProcess.Outcome o = push(Map.of(GitCredentials.ENV_USERNAME, USER, GitCredentials.ENV_PASSWORD, SECRET));
        assertEquals(0, o.exitCode(), o.toString());
        assertTrue(o.stdout().contains("created branch gh-pages on " + server.url("site.git")), o.stdout());
        assertEquals(Files.readString(a.index.resolve("checkpoint")), GitCli.show(bare, BRANCH, "checkpoint"));
    }

    @Test
    void credentialsFromAFile() throws Exception {
        Path creds = tmp.resolve("git-credentials");
        Files.writeString(creds, "username=" + USER + "\npassword=" + SECRET + "\n");
        // The environment is ignored when a file is given.
        PublisherProcess.Outcome o = push(Map.of(GitCredentials.ENV_USERNAME, "someone", GitCredentials.ENV_PASSWORD,
                "wrong"), "--credentials-file", creds.toString());
        assertEquals(0, o.exitCode(), o.toString());
        assertEquals(1, GitCli.log(bare, BRANCH).size());
    }

    @Test
    void wrongOrMissingCredentialsFailWithoutShowingThem() throws Exception {
        PublisherProcess.Outcome wrong = push(Map.of(GitCredentials.ENV_USERNAME, USER, GitCredentials.ENV_PASSWORD,
                SECRET + "-not"));
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.stderr().contains(server.url("site.git")) && wrong.stderr().contains("not authorized (credentials from the environment"),
                wrong.stderr());
        assertFalse(wrong.stderr().contains(SECRET + "-not"), wrong.stderr());

        PublisherProcess.Outcome none = push(Map.of());
        assertEquals(2, none.exitCode(), none.toString());
        assertFalse(none.stderr().contains("\tat "), none.stderr());
        assertTrue(none.stderr().contains("the remote asks for credentials") && none.stderr().contains(
                GitCredentials.ENV_USERNAME), none.stderr());
        assertTrue(GitCli.git(bare, "--git-dir=" + bare, "branch", "--list").isBlank(), "nothing was pushed");
    }
}
