package dev.stagelight.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Looks up the credentials a step names, as the build may see them, and tracks each on the build
 * ({@link CredentialsProvider#track}); a missing one fails the step naming the parameter and the id, never a value.
 */
final class StepCredentials {
    /** The user name git hosts take with a token when none is given (as the publisher's GitCredentials). */
    static final String TOKEN_USERNAME = "x-access-token";

    private StepCredentials() {}

    /** A user name and password (or token) for a git remote; serialized to the agent over the channel, never logged. */
    static final class UserPassword implements Serializable {
        private static final long serialVersionUID = 1L;
        final String username;
        final char[] password;

        UserPassword(String username, char[] password) {
            this.username = username;
            this.password = password;
        }

        void clear() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "credentials of " + username; // never the password
        }
    }

    /** A secret file's bytes; null id: null. */
    static byte[] file(Run<?, ?> run, String step, String parameter, String id) throws IOException {
        if (id == null) {
            return null;
        }
        FileCredentials c = CredentialsProvider.findCredentialById(id, FileCredentials.class, run);
        if (c == null) {
            throw new AbortException(step + ": " + parameter + ": no secret-file credentials '" + id
                    + "' visible to this build");
        }
        CredentialsProvider.track(run, c);
        try (InputStream in = c.getContent()) {
            return in.readAllBytes();
        }
    }

    /** Username/password credentials, or secret text as a token; null id: null. */
    static UserPassword userPassword(Run<?, ?> run, String step, String parameter, String id) throws AbortException {
        if (id == null) {
            return null;
        }
        IdCredentials c = CredentialsProvider.findCredentialById(id, IdCredentials.class, run);
        UserPassword out;
        if (c instanceof StandardUsernamePasswordCredentials u) {
            out = new UserPassword(u.getUsername(), u.getPassword().getPlainText().toCharArray());
        } else if (c instanceof StringCredentials s) {
            out = new UserPassword(TOKEN_USERNAME, s.getSecret().getPlainText().toCharArray());
        } else {
            throw new AbortException(step + ": " + parameter + ": no username/password or secret-text credentials '"
                    + id + "' visible to this build");
        }
        CredentialsProvider.track(run, c);
        return out;
    }
}
