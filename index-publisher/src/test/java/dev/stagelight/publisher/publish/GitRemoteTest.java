package dev.stagelight.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.cli.PublisherCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Remotes: no credentials inside the URL, no SSH, and credentials only over HTTPS (or HTTP to loopback). */
class GitRemoteTest {
    private static final String SECRET = "hunter2-secret";

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        for (String url : new String[] {"https://bot:" + SECRET + "@127.0.0.1/site.git", "https://" + SECRET + "@127.0.0.1/site.git"}) {
            PublishException e = assertThrows(PublishException.class, () -> GitRemote.parse(url));
            assertTrue(e.getMessage().contains("never on the command line"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void theCliRefusesThemTooAndPrintsNoSecret() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = PublisherCli.run("push", "index", "--git", "https://bot:" + SECRET + "@127.0.0.1/site.git",
                    "--log-vkey", "x+00000000+AA");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(2, code);
        String all = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains(SECRET), all);
    }

    @Test
    void aRelativePathIsTakenFromTheCurrentFolder() throws Exception {
        assertEquals(java.nio.file.Path.of("site.git").toAbsolutePath().toString(),
                GitRemote.parse("site.git").uri().getPath());
        assertEquals("/srv/site.git", GitRemote.parse("/srv/../srv/site.git").uri().getPath());
    }

    @Test
    void sshAndUnknownSchemesAreRefused() {
        assertTrue(assertThrows(PublishException.class, () -> GitRemote.parse("git@127.0.0.1:site.git")).getMessage()
                .contains("no SSH client"));
        assertThrows(PublishException.class, () -> GitRemote.parse("ssh://127.0.0.1/site.git"));
        assertThrows(PublishException.class, () -> GitRemote.parse("ftp://127.0.0.1/site.git"));
    }

    @Test
    void credentialsGoOnlyOverHttpsOrToLoopback() throws Exception {
        GitCredentials c = GitCredentials.fromEnvironment(Map.of(GitCredentials.ENV_TOKEN, SECRET));
        GitRemote.parse("https://git.example.invalid/site.git").requireSafeFor(c);
        GitRemote.parse("http://127.0.0.1:8080/site.git").requireSafeFor(c);
        GitRemote.parse("http://[::1]:8080/site.git").requireSafeFor(c);
        for (String url : new String[] {"http://git.example.invalid/site.git", "git://127.0.0.1/site.git", "/srv/site.git"}) {
            PublishException e = assertThrows(PublishException.class, () -> GitRemote.parse(url).requireSafeFor(c), url);
            assertTrue(e.getMessage().contains("sent only over https://"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
        }
        GitRemote.parse("git://127.0.0.1/site.git").requireSafeFor(GitCredentials.none());
    }
}
