package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.policy.Action;
import dev.stagelight.rollout.policy.EffectiveRule;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.policy.Rule;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * For the benchmark: every distinct rule of the example policies, flattened into one platform-default policy set
 * {@code bench} of exactly N rules per version (repeated under new names when there are fewer distinct rules; the
 * from-version lacks the to-version's first FAIL rule), so each tenant evaluates N rules.
 */
final class FlatPolicy {
    private FlatPolicy() {}

    static RolloutPlan write(Path dir, PolicyLibrary lib, Tenants tenants, RolloutPlan plan, int n) throws IOException {
        Map<String, Rule> distinct = new LinkedHashMap<>();
        for (Tenant t : tenants.all()) {
            for (String v : List.of(plan.toVersion(), plan.fromVersion())) {
                for (EffectiveRule r : lib.effective(t, plan.policySet(), v).rules()) {
                    distinct.putIfAbsent(r.rule().condition() + "|" + r.rule().action(), r.rule());
                }
            }
        }
        List<Rule> all = new ArrayList<>(distinct.values());
        List<Rule> to = new ArrayList<>();
        for (int i = 0; to.size() < n; i++) {
            Rule r = all.get(i % all.size());
            to.add(new Rule(r.name() + "-" + i, r.description(), r.condition(), r.action(), r.severity()));
        }
        // The from-version lacks the first FAIL rule (every copy of it) and repeats others to keep N rules.
        Rule firstFail = to.stream().filter(r -> r.action() == Action.FAIL).findFirst().orElseThrow();
        List<Rule> from = new ArrayList<>(to.stream().filter(r -> !r.condition().equals(firstFail.condition())).toList());
        List<Rule> kept = List.copyOf(from);
        for (int i = 0; from.size() < n; i++) {
            Rule r = kept.get(i % kept.size());
            from.add(new Rule(r.name() + "-again", r.description(), r.condition(), r.action(), r.severity()));
        }
        writeSet(dir, "v1", from);
        writeSet(dir, "v2", to);
        return new RolloutPlan(plan.rolloutId(), "bench", "v1", "v2", plan.strategy(), plan.config(), plan.stages(),
                plan.rollback(), plan.notifications());
    }

    private static void writeSet(Path dir, String version, List<Rule> rules) throws IOException {
        StringBuilder sb = new StringBuilder("version: \"stella-dsl@1\"\nname: bench\nversion_tag: " + version + "\nrules:\n");
        for (Rule r : rules) {
            sb.append("  - name: ").append(r.name()).append('\n');
            sb.append("    condition: |\n");
            for (String line : r.condition().strip().split("\n")) {
                sb.append("      ").append(line.strip()).append('\n');
            }
            sb.append("    action: ").append(r.action().spelling()).append('\n');
            r.severity().ifPresent(s -> sb.append("    severity: ").append(s.spelling()).append('\n'));
        }
        Path file = dir.resolve("default").resolve("bench").resolve(version + ".yaml");
        Files.createDirectories(file.getParent());
        AtomicFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
