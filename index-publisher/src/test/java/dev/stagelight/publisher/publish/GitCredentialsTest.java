package dev.stagelight.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from the environment or a file, and no message or string form ever shows the secret. */
class GitCredentialsTest {
    private static final String SECRET = "s3cr3t-token-value";

    @TempDir Path tmp;

    private static String[] answer(GitCredentials c) throws Exception {
        CredentialsProvider p = c.provider().orElseThrow();
        CredentialItem.Username u = new CredentialItem.Username();
        CredentialItem.Password pw = new CredentialItem.Password();
        assertTrue(p.get(new URIish("https://127.0.0.1/x.git"), u, pw));
        return new String[] {u.getValue(), new String(pw.getValue())};
    }

    @Test
    void fromTheEnvironment() throws Exception {
        assertFalse(GitCredentials.fromEnvironment(Map.of()).present());
        GitCredentials pw = GitCredentials.fromEnvironment(Map.of(GitCredentials.ENV_USERNAME, "ci",
                GitCredentials.ENV_PASSWORD, SECRET));
        assertEquals("ci", answer(pw)[0]);
        assertEquals(SECRET, answer(pw)[1]);
        GitCredentials token = GitCredentials.fromEnvironment(Map.of(GitCredentials.ENV_TOKEN, SECRET));
        assertEquals(GitCredentials.TOKEN_USERNAME, answer(token)[0]);
        assertEquals(SECRET, answer(token)[1]);
        assertFalse(token.toString().contains(SECRET), token.toString());

        PublishException both = assertThrows(PublishException.class, () -> GitCredentials.fromEnvironment(Map.of(
                GitCredentials.ENV_USERNAME, "ci", GitCredentials.ENV_PASSWORD, SECRET, GitCredentials.ENV_TOKEN, SECRET)));
        assertFalse(both.getMessage().contains(SECRET), both.getMessage());
        PublishException noUser = assertThrows(PublishException.class,
                () -> GitCredentials.fromEnvironment(Map.of(GitCredentials.ENV_PASSWORD, SECRET)));
        assertTrue(noUser.getMessage().contains(GitCredentials.ENV_USERNAME + " is not"), noUser.getMessage());
        assertFalse(noUser.getMessage().contains(SECRET));
    }

    @Test
    void fromAFileInGitCredentialFormat() throws Exception {
        Path f = tmp.resolve("creds");
        Files.writeString(f, "# for the site\nusername=publisher\npassword=" + SECRET + "\n");
        GitCredentials c = GitCredentials.fromFile(f);
        assertEquals("publisher", answer(c)[0]);
        assertEquals(SECRET, answer(c)[1]);
        assertTrue(c.source().equals(f.toString()));

        Files.writeString(f, "token=" + SECRET + "\n");
        assertEquals(GitCredentials.TOKEN_USERNAME, answer(GitCredentials.fromFile(f))[0]);

        Files.writeString(f, "username=publisher\n" + SECRET + "\n");
        PublishException bad = assertThrows(PublishException.class, () -> GitCredentials.fromFile(f));
        assertTrue(bad.getMessage().startsWith(f + ":2: expected username="), bad.getMessage());
        assertFalse(bad.getMessage().contains(SECRET), "the line is not quoted: it may be the secret");

        Files.writeString(f, "username=publisher\n");
        assertThrows(PublishException.class, () -> GitCredentials.fromFile(f));
        PublishException missing = assertThrows(PublishException.class, () -> GitCredentials.fromFile(tmp.resolve("none")));
        assertTrue(missing.getMessage().startsWith(tmp.resolve("none") + ": cannot read"), missing.getMessage());
    }

    @Test
    void clearOverwritesTheSecret() throws Exception {
        GitCredentials c = GitCredentials.fromEnvironment(Map.of(GitCredentials.ENV_TOKEN, SECRET));
        c.clear();
        CredentialItem.Password pw = new CredentialItem.Password();
        c.provider().orElseThrow().get(new URIish("https://127.0.0.1/x.git"), new CredentialItem.Username(), pw);
        assertFalse(new String(pw.getValue()).contains(SECRET));
    }
}
