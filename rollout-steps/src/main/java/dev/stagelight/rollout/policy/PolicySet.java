package dev.stagelight.rollout.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code stella-dsl@1} policy document at one inheritance level. The platform default lists all its rules in
 * {@code rules}; a lower level {@code inheritsFrom} its parent level, replaces named inherited rules with
 * {@code overrides}, adds new ones with {@code rules} and drops inherited ones with {@code removes}.
 * {@code scope}, when present, restricts which tenants may receive this bundle. {@code source} is the file it came from.
 */
public record PolicySet(
        String name,
        String versionTag,
        Optional<String> description,
        PolicyLevel level,
        Optional<PolicyLevel> inheritsFrom,
        List<PolicyChange> changes,
        List<Rule> rules,
        List<Rule> overrides,
        List<String> removes,
        Optional<BundleScope> scope,
        String source) {

    public static final String DSL_VERSION = "stella-dsl@1";

    public PolicySet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionTag, "versionTag");
        changes = List.copyOf(changes);
        rules = List.copyOf(rules);
        overrides = List.copyOf(overrides);
        removes = List.copyOf(removes);
    }
}
