package dev.stagelight.jenkins;

import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.GitStore;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import hudson.AbortException;
import java.io.File;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import java.io.Serializable;

/**
 * Where a step keeps the engine's store (the {@code store:}, {@code storeGit:}, {@code storeRemote:} parameters
 * {@code policyRollout} and {@code remediate} share), opened on the agent that holds the workspace.
 */
final class StoreSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String DEFAULT_STORE = ".stagelight/rollouts";

    final String store;
    final boolean git;
    final String remote;

    StoreSettings(String store, boolean git, String remote) {
        this.store = store == null || store.isBlank() ? DEFAULT_STORE : store;
        this.git = git;
        this.remote = remote == null || remote.isBlank() ? null : remote;
    }

    /** Refuses settings that cannot work before anything runs. */
    void check(String step) throws AbortException {
        if (remote != null && !git) {
            throw new AbortException(step + ": storeRemote needs storeGit: true");
        }
    }

    /** Opens (creating if needed) the store in the workspace {@code ws}. */
    RolloutStore open(File ws, String step) throws AbortException, StoreException {
        return open(ws, step, null);
    }

    /** As {@link #open(File, String)}, authenticating to the git remote with {@code credentials} (null: none). */
    RolloutStore open(File ws, String step, StepCredentials.UserPassword credentials)
            throws AbortException, StoreException {
        check(step);
        if (credentials != null && remote == null) {
            throw new AbortException(step + ": storeCredentialsId is for the git store's remote; give storeRemote");
        }
        var path = Workspaces.require(ws, store, step, "store");
        if (!git) {
            return DirectoryStore.open(path);
        }
        return GitStore.open(path, remote, credentials == null ? null
                : new UsernamePasswordCredentialsProvider(credentials.username, credentials.password));
    }
}
