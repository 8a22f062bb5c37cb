package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The tenant tree, policy folder and strictness options shared by commands that resolve policies (a picocli mixin). */
public final class InputOptions {
    @Option(names = "--tenants", required = true, description = "Tenant tree (tenants.yaml).")
    Path tenants;

    @Option(names = "--policies", required = true, description = "Policy folder (default/, org/, team/, project/).")
    Path policies;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    public Path tenants() {
        return tenants;
    }

    public Path policies() {
        return policies;
    }

    public Strictness strictness() {
        return lenient ? Strictness.LENIENT : Strictness.STRICT;
    }
}
