package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * All policy documents under one folder, and the effective policy of any tenant. The layout (ids are the tenant tree's
 * org, team and project ids):
 *
 * <pre>
 * policies/
 *   default/&lt;policy_set&gt;/&lt;version&gt;.yaml              platform default, lists every rule
 *   org/&lt;org&gt;/&lt;policy_set&gt;/&lt;version&gt;.yaml          inherits_from: default
 *   team/&lt;team&gt;/&lt;policy_set&gt;/&lt;version&gt;.yaml        inherits_from: org
 *   project/&lt;project&gt;/&lt;policy_set&gt;/&lt;version&gt;.yaml  inherits_from: team
 * </pre>
 *
 * A level without a file for the version contributes nothing (its tenants get the level above unchanged). The file's
 * {@code name} and {@code version_tag} must match its folder and file name. Everything is loaded and checked up front.
 */
public final class PolicyLibrary {
    private final Path root;
    private final Map<String, PolicyDocument> documents;
    private final List<InputWarning> warnings;

    private PolicyLibrary(Path root, Map<String, PolicyDocument> documents, List<InputWarning> warnings) {
        this.root = root;
        this.documents = documents;
        this.warnings = List.copyOf(warnings);
    }

    public static PolicyLibrary load(Path root, Strictness strictness) {
        if (!Files.isDirectory(root)) {
            throw new InputException(root.toString(), 0, 0, "", "expected a policy folder (default/, org/, team/, project/)");
        }
        Map<String, PolicyDocument> docs = new LinkedHashMap<>();
        List<InputWarning> warnings = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list policy folder " + root, e);
        }
        for (Path file : files) {
            Path rel = root.relativize(file);
            String fileName = rel.getFileName().toString();
            if (fileName.startsWith(".") || fileName.endsWith(".md")) {
                continue;
            }
            int ext = fileName.lastIndexOf('.');
            String suffix = ext < 0 ? "" : fileName.substring(ext + 1);
            Optional<PolicyLevel> level = rel.getNameCount() > 0 ? levelOf(rel.getName(0).toString()) : Optional.empty();
            int expectedDepth = level.map(l -> l == PolicyLevel.DEFAULT ? 3 : 4).orElse(-1);
            if (!Set.of("yaml", "yml", "json").contains(suffix) || rel.getNameCount() != expectedDepth) {
                throw new InputException(file.toString(), 0, 0, "", "not in the policy layout: expected"
                        + " default/<policy_set>/<version>.yaml or {org,team,project}/<id>/<policy_set>/<version>.yaml");
            }
            String scopeId = level.get() == PolicyLevel.DEFAULT ? "" : rel.getName(1).toString();
            String setName = rel.getName(rel.getNameCount() - 2).toString();
            String version = fileName.substring(0, ext);
            InputDocument doc = InputLoader.load(file, strictness);
            PolicyDocument pd = PolicySets.read(doc, level.get(), scopeId);
            if (!pd.set().name().equals(setName)) {
                throw at(doc, "name", "expected \"" + setName + "\" (the folder name), got \"" + pd.set().name() + "\"");
            }
            if (!pd.set().versionTag().equals(version)) {
                throw at(doc, "version_tag", "expected \"" + version + "\" (the file name), got \"" + pd.set().versionTag() + "\"");
            }
            docs.put(key(level.get(), scopeId, setName, version), pd);
            warnings.addAll(doc.warnings());
        }
        return new PolicyLibrary(root, docs, warnings);
    }

    private static InputException at(InputDocument doc, String field, String problem) {
        var n = doc.root().require(field);
        return new InputException(doc.file(), n.line(), n.column(), n.pointer(), problem);
    }

    private static Optional<PolicyLevel> levelOf(String dir) {
        for (PolicyLevel l : PolicyLevel.values()) {
            if (l.spelling().equals(dir)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private static String key(PolicyLevel level, String scopeId, String set, String version) {
        return level.spelling() + "/" + scopeId + "/" + set + "/" + version;
    }

    /** The folder the library was loaded from. */
    public Path root() {
        return root;
    }

    /** The policy sets the platform default defines, sorted. */
    public Set<String> policySets() {
        Set<String> out = new TreeSet<>();
        documents.values().stream().filter(d -> d.set().level() == PolicyLevel.DEFAULT).forEach(d -> out.add(d.set().name()));
        return out;
    }

    /** The versions of {@code policySet} the platform default defines, sorted. */
    public Set<String> versions(String policySet) {
        Set<String> out = new TreeSet<>();
        documents.values().stream()
                .filter(d -> d.set().level() == PolicyLevel.DEFAULT && d.set().name().equals(policySet))
                .forEach(d -> out.add(d.set().versionTag()));
        return out;
    }

    /** The documents that apply to {@code tenant}, most general first; the default must exist. */
    public List<PolicySet> chain(Tenant tenant, String policySet, String version) {
        return documentChain(tenant, policySet, version).stream().map(PolicyDocument::set).toList();
    }

    private List<PolicyDocument> documentChain(Tenant tenant, String policySet, String version) {
        PolicyDocument base = documents.get(key(PolicyLevel.DEFAULT, "", policySet, version));
        if (base == null) {
            throw new InputException(root.resolve("default").resolve(policySet).resolve(version + ".yaml").toString(), 0, 0, "",
                    "no platform default for policy set '" + policySet + "' version '" + version + "' (have: "
                            + String.join(", ", versions(policySet)) + ")");
        }
        List<PolicyDocument> chain = new ArrayList<>();
        chain.add(base);
        String[] ids = {tenant.org(), tenant.team(), tenant.project()};
        PolicyLevel[] levels = {PolicyLevel.ORG, PolicyLevel.TEAM, PolicyLevel.PROJECT};
        for (int i = 0; i < levels.length; i++) {
            PolicyDocument d = documents.get(key(levels[i], ids[i], policySet, version));
            if (d != null) {
                chain.add(d);
            }
        }
        return chain;
    }

    /**
     * The policy {@code tenant} gets: the default's rules, then each lower level's removes, overrides (replacing the
     * named rule in place) and added rules. Overriding or removing a rule that is not inherited, or adding one that is,
     * is an error at that entry of the file.
     */
    public EffectivePolicy effective(Tenant tenant, String policySet, String version) {
        List<PolicyDocument> chain = documentChain(tenant, policySet, version);
        Map<String, EffectiveRule> rules = new LinkedHashMap<>();
        for (PolicyDocument d : chain) {
            RuleOrigin origin = d.origin();
            for (String name : d.set().removes()) {
                if (rules.remove(name) == null) {
                    throw d.error("removes", name, "cannot remove rule '" + name + "': not inherited (inherited: "
                            + String.join(", ", rules.keySet()) + ")");
                }
            }
            for (Rule r : d.set().overrides()) {
                EffectiveRule before = rules.get(r.name());
                if (before == null) {
                    throw d.error("overrides", r.name(), "cannot override rule '" + r.name() + "': not inherited (inherited: "
                            + String.join(", ", rules.keySet()) + "); add it under rules instead");
                }
                rules.put(r.name(), new EffectiveRule(r, origin, Optional.of(before.origin())));
            }
            for (Rule r : d.set().rules()) {
                EffectiveRule before = rules.get(r.name());
                if (before != null) {
                    throw d.error("rules", r.name(), "rule '" + r.name() + "' is already inherited from " + before.origin()
                            + "; replace it under overrides");
                }
                rules.put(r.name(), new EffectiveRule(r, origin, Optional.empty()));
            }
        }
        return new EffectivePolicy(tenant.id(), policySet, version, new ArrayList<>(rules.values()),
                chain.stream().map(PolicyDocument::set).toList());
    }

    /** Unknown-field warnings from lenient loading. */
    public List<InputWarning> warnings() {
        return warnings;
    }

    /** The number of policy documents loaded. */
    public int size() {
        return documents.size();
    }

}
