package dev.stagelight.rollout.store;

import dev.stagelight.rollout.state.AssignmentChange;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Which version of which policy set each tenant runs: the content of {@code assignments.yaml}
 * ({@code tenant -> policy set -> version}), kept sorted so the same assignments always give the same bytes.
 */
public final class Assignments {
    public static final String FILE = "assignments.yaml";
    private static final String HEADER = "# Tenant policy assignments: tenant -> policy set -> version. Written by the rollout engine.\n";
    public static final Assignments EMPTY = new Assignments(new TreeMap<>());

    private final SortedMap<String, SortedMap<String, String>> byTenant;

    private Assignments(SortedMap<String, SortedMap<String, String>> byTenant) {
        this.byTenant = byTenant;
    }

    /** The version {@code tenant} runs of {@code policySet}, or null when it has none. */
    public String version(String tenant, String policySet) {
        SortedMap<String, String> sets = byTenant.get(tenant);
        return sets == null ? null : sets.get(policySet);
    }

    public SortedMap<String, SortedMap<String, String>> asMap() {
        return Collections.unmodifiableSortedMap(byTenant);
    }

    /** These assignments with the changes applied in order; applying the same changes twice gives the same result. */
    public Assignments with(Collection<AssignmentChange> changes) {
        SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>();
        byTenant.forEach((t, sets) -> copy.put(t, new TreeMap<>(sets)));
        for (AssignmentChange c : changes) {
            if (c.version() == null) {
                SortedMap<String, String> sets = copy.get(c.tenant());
                if (sets != null) {
                    sets.remove(c.policySet());
                    if (sets.isEmpty()) {
                        copy.remove(c.tenant());
                    }
                }
            } else {
                copy.computeIfAbsent(c.tenant(), k -> new TreeMap<>()).put(c.policySet(), c.version());
            }
        }
        return new Assignments(copy);
    }

    /** Count of tenants per version of {@code policySet} among {@code tenants}. */
    public Map<String, Integer> countByVersion(Collection<String> tenants, String policySet) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : tenants) {
            String v = version(t, policySet);
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        return counts;
    }

    public byte[] toYaml() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("assignments", byTenant);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return (HEADER + new Dump(settings).dumpToString(doc)).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code assignments.yaml}; {@code source} names the file in errors. */
    public static Assignments parse(byte[] yaml, String source) throws StoreException {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(new String(yaml, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            throw new StoreException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (doc == null) {
            return EMPTY;
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("assignments") instanceof Map<?, ?> tenants)) {
            if (doc instanceof Map<?, ?> m && m.containsKey("assignments") && m.get("assignments") == null) {
                return EMPTY;
            }
            throw new StoreException(source + ": /assignments: expected a mapping tenant -> policy set -> version");
        }
        SortedMap<String, SortedMap<String, String>> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : tenants.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> sets)) {
                throw new StoreException(source + ": /assignments/" + e.getKey() + ": expected a mapping policy set -> version");
            }
            SortedMap<String, String> versions = new TreeMap<>();
            for (Map.Entry<?, ?> v : sets.entrySet()) {
                if (!(v.getValue() instanceof String s)) {
                    throw new StoreException(source + ": /assignments/" + e.getKey() + "/" + v.getKey()
                            + ": expected a version string, got " + v.getValue());
                }
                versions.put(String.valueOf(v.getKey()), s);
            }
            out.put(String.valueOf(e.getKey()), versions);
        }
        return new Assignments(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assignments a && a.byTenant.equals(byTenant);
    }

    @Override
    public int hashCode() {
        return byTenant.hashCode();
    }

    @Override
    public String toString() {
        return byTenant.toString();
    }
}
