package dev.stagelight.publisher.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The user name and password (or token) for an HTTPS remote. They come from a file or the environment, never from the
 * command line (visible to every user of the machine in the process list) and never reach the output: nothing here
 * prints or formats the secret, and {@link #toString()} names only where it came from.
 */
public final class GitCredentials {
    public static final String ENV_USERNAME = "STAGELIGHT_GIT_USERNAME";
    public static final String ENV_PASSWORD = "STAGELIGHT_GIT_PASSWORD";
    public static final String ENV_TOKEN = "STAGELIGHT_GIT_TOKEN";
    /** The user name GitHub documents for token authentication when none is given. */
    public static final String TOKEN_USERNAME = "x-access-token";
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private final String username;
    private final char[] password;
    private final String source;

    private GitCredentials(String username, char[] password, String source) {
        this.username = username;
        this.password = password;
        this.source = source;
    }

    /** No credentials: for remotes that need none (a local path, {@code git://}, a public HTTPS remote). */
    public static GitCredentials none() {
        return new GitCredentials(null, null, "none");
    }

    /**
     * From the environment: {@value #ENV_USERNAME} with {@value #ENV_PASSWORD}, or {@value #ENV_TOKEN} (user name
     * {@value #ENV_USERNAME}, else {@value #TOKEN_USERNAME}). None set: {@link #none()}.
     */
    public static GitCredentials fromEnvironment(Map<String, String> env) throws PublishException {
        String user = nonEmpty(env.get(ENV_USERNAME));
        String password = nonEmpty(env.get(ENV_PASSWORD));
        String token = nonEmpty(env.get(ENV_TOKEN));
        return of(user, password, token, "the environment (" + ENV_USERNAME + ", " + ENV_PASSWORD + ", " + ENV_TOKEN + ")",
                ENV_USERNAME, ENV_PASSWORD, ENV_TOKEN);
    }

    /**
     * From a file of {@code key=value} lines as git's credential helpers print them: {@code username=},
     * {@code password=} or {@code token=}; blank lines and lines starting with {@code #} are skipped.
     */
    public static GitCredentials fromFile(Path file) throws PublishException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PublishException(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a credentials file");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PublishException(file + ": cannot read the credentials file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        String user = null;
        String password = null;
        String token = null;
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            // The line itself is never quoted in an error: it may be the secret.
            switch (key) {
                case "username" -> user = value;
                case "password" -> password = value;
                case "token" -> token = value;
                default -> throw new PublishException(file + ":" + (i + 1)
                        + ": expected username=, password= or token= (git credential format)");
            }
        }
        GitCredentials c = of(nonEmpty(user), nonEmpty(password), nonEmpty(token), file.toString(),
                "username", "password", "token");
        if (!c.present()) {
            throw new PublishException(file + ": no password= or token= line");
        }
        return c;
    }

    private static GitCredentials of(String user, String password, String token, String source, String userField,
            String passwordField, String tokenField) throws PublishException {
        if (password != null && token != null) {
            throw new PublishException(source + ": both " + passwordField + " and " + tokenField + " are set; give one");
        }
        if (password != null) {
            if (user == null) {
                throw new PublishException(source + ": " + passwordField + " is set but " + userField + " is not");
            }
            return new GitCredentials(user, password.toCharArray(), source);
        }
        if (token != null) {
            return new GitCredentials(user == null ? TOKEN_USERNAME : user, token.toCharArray(), source);
        }
        if (user != null) {
            throw new PublishException(source + ": " + userField + " is set without " + passwordField + " or " + tokenField);
        }
        return none();
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public boolean present() {
        return password != null;
    }

    /** Where the credentials came from (never what they are). */
    public String source() {
        return source;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** A JGit provider answering with these credentials; none when there are none. */
    public Optional<CredentialsProvider> provider() {
        return present() ? Optional.of(new UsernamePasswordCredentialsProvider(username, password.clone()))
                : Optional.empty();
    }

    /** Overwrites the secret in memory once the push is done. */
    public void clear() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "GitCredentials[from " + source + "]";
    }
}
