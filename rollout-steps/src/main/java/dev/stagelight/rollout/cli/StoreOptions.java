package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.store.GitStore;
import dev.stagelight.rollout.store.RolloutStore;
import dev.stagelight.rollout.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** Options every stateful command shares: where the store is, which kind, and what time it is. */
final class StoreOptions {
    @Option(names = "--store", defaultValue = ".stagelight/rollouts",
            description = "Store location: a directory, or with --git a bare git repository (default: ${DEFAULT-VALUE}).")
    Path store;

    @Option(names = "--git", description = "Use the git store (one commit per transition) instead of a plain directory.")
    boolean git;

    @Option(names = "--remote", description = "With --git: push every transition to this git URL (retried on a moved head).")
    String remote;

    @Option(names = "--now", description = "The time to act at (RFC 3339, e.g. 2024-12-29T11:00:00Z); default: the clock."
            + " Passing later times is the accelerated clock of demos.")
    String now;

    RolloutStore open() throws StoreException {
        if (remote != null && !git) {
            throw new IllegalArgumentException("--remote needs --git");
        }
        return git ? GitStore.open(store, remote) : DirectoryStore.open(store);
    }

    Instant now(Clock clock) {
        if (now == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--now " + now + ": expected an RFC 3339 instant such as 2024-12-29T11:00:00Z");
        }
    }
}
