package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.expr.Expression;
import dev.stagelight.rollout.expr.ExpressionException;
import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one {@code stella-dsl@1} policy document (the flow's format) at a given inheritance level, type-checking every
 * condition against {@link FindingFields#SCHEMA}. Fields: {@code version}, {@code name}, {@code version_tag},
 * {@code description}, {@code changes_from_<version>}, {@code inherits_from} (not at the default level), {@code rules},
 * {@code overrides}, {@code removes}, {@code scope}.
 */
final class PolicySets {
    private static final Set<String> FIELDS = Set.of("version", "name", "version_tag", "description", "inherits_from",
            "rules", "overrides", "removes", "scope");

    private PolicySets() {}

    static PolicyDocument read(InputDocument doc, PolicyLevel level, String scopeId) {
        InputNode root = doc.root();
        List<PolicyChange> changes = new ArrayList<>();
        for (Map.Entry<String, InputNode> f : root.fields().entrySet()) {
            String key = f.getKey();
            if (key.startsWith("changes_from_") && key.length() > "changes_from_".length()) {
                changes.addAll(changes(key.substring("changes_from_".length()), f.getValue()));
            } else if (!FIELDS.contains(key)) {
                root.reportUnknown(root.keyNode(key), "unknown field '" + key + "' (known: " + String.join(", ", FIELDS)
                        + ", changes_from_<version>)");
            }
        }
        InputNode dsl = root.require("version");
        if (!PolicySet.DSL_VERSION.equals(dsl.asString())) {
            throw dsl.expected("\"" + PolicySet.DSL_VERSION + "\"");
        }
        Optional<PolicyLevel> inherits = inheritsFrom(root, level);
        Map<String, int[]> positions = new HashMap<>();
        List<Rule> rules = rules(root, "rules", positions);
        List<Rule> overrides = rules(root, "overrides", positions);
        List<String> removes = new ArrayList<>();
        List<InputNode> removeNodes = root.list("removes");
        for (int i = 0; i < removeNodes.size(); i++) {
            InputNode r = removeNodes.get(i);
            String name = r.asNonBlankString();
            if (positions.containsKey("overrides/" + name) || positions.containsKey("rules/" + name)) {
                throw r.problem("rule '" + name + "' is both removed and defined in this file");
            }
            positions.put("removes/" + name, new int[] {r.line(), r.column(), i});
            removes.add(name);
        }
        if (level == PolicyLevel.DEFAULT && (!overrides.isEmpty() || !removes.isEmpty())) {
            throw root.require(overrides.isEmpty() ? "removes" : "overrides")
                    .problem("the platform default inherits nothing, so it can neither override nor remove rules");
        }
        PolicySet set = new PolicySet(
                root.require("name").asNonBlankString(),
                root.require("version_tag").asNonBlankString(),
                root.optString("description"),
                level,
                inherits,
                changes,
                rules,
                overrides,
                removes,
                root.opt("scope").map(PolicySets::scope),
                doc.file());
        return new PolicyDocument(set, scopeId, Map.copyOf(positions));
    }

    private static Optional<PolicyLevel> inheritsFrom(InputNode root, PolicyLevel level) {
        Optional<InputNode> node = root.opt("inherits_from");
        if (level == PolicyLevel.DEFAULT) {
            if (node.isPresent()) {
                throw node.get().problem("the platform default inherits from nothing");
            }
            return Optional.empty();
        }
        PolicyLevel parent = level.parent().orElseThrow();
        InputNode n = root.require("inherits_from");
        String v = n.asString();
        boolean ok = v.equals(parent.spelling())
                || (parent == PolicyLevel.DEFAULT && v.equals("platform-default"))
                || (parent == PolicyLevel.ORG && v.equals("organization"));
        if (!ok) {
            throw n.expected("\"" + parent.spelling() + "\" (a " + level.spelling() + " policy inherits from its "
                    + (parent == PolicyLevel.DEFAULT ? "platform default" : parent.spelling()) + ")");
        }
        return Optional.of(parent);
    }

    private static List<PolicyChange> changes(String from, InputNode list) {
        List<PolicyChange> out = new ArrayList<>();
        for (InputNode c : list.asList()) {
            Map<String, InputNode> f = c.fields();
            if (f.size() != 1) {
                throw c.expected("one entry such as 'added: <rule>', 'modified: <what>' or 'removed: <rule>'");
            }
            Map.Entry<String, InputNode> e = f.entrySet().iterator().next();
            if (!Set.of("added", "modified", "removed").contains(e.getKey())) {
                throw e.getValue().problem("expected added, modified or removed, got '" + e.getKey() + "'");
            }
            out.add(new PolicyChange(from, e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static List<Rule> rules(InputNode root, String section, Map<String, int[]> positions) {
        List<Rule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<InputNode> nodes = root.list(section);
        for (int i = 0; i < nodes.size(); i++) {
            InputNode r = nodes.get(i);
            r.knownFields("name", "description", "condition", "action", "severity");
            InputNode nameNode = r.require("name");
            String name = nameNode.asNonBlankString();
            if (!names.add(name) || positions.containsKey("rules/" + name) || positions.containsKey("overrides/" + name)) {
                throw nameNode.problem("rule '" + name + "' appears twice in this file");
            }
            positions.put(section + "/" + name, new int[] {r.line(), r.column(), i});
            InputNode cond = r.require("condition");
            String text = cond.asString();
            try {
                Expression.parse(text, FindingFields.SCHEMA);
            } catch (ExpressionException e) {
                throw cond.problemAt(e.line() - 1, e.column() - 1, e.problem());
            }
            out.add(new Rule(name, r.optString("description"), text, r.requireEnum("action", Action.class),
                    r.optEnum("severity", Severity.class)));
        }
        return out;
    }

    private static BundleScope scope(InputNode s) {
        s.knownFields("tenants", "regions", "labels");
        List<LabelSelector> labels = new ArrayList<>();
        for (InputNode l : s.list("labels")) {
            labels.add(LabelSelector.parse(l.asString())
                    .orElseThrow(() -> l.expected("a label selector such as key=value, key!=value, key or !key")));
        }
        return new BundleScope(s.stringList("tenants"), s.stringList("regions"), labels);
    }
}
