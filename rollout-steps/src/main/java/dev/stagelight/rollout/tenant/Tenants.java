package dev.stagelight.rollout.tenant;

import dev.stagelight.rollout.input.InputDocument;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.InputNode;
import dev.stagelight.rollout.input.InputWarning;
import dev.stagelight.rollout.input.Strictness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenant tree read from {@code tenants.yaml} (schema {@code version: 1}), in file order, with look-up by id.
 *
 * <pre>
 * version: 1
 * tenants:
 *   - id: platform-eng-core-services
 *     name: Core Services
 *     org: acme-corp
 *     team: platform-engineering
 *     project: core-services
 *     region: eu-west-1
 *     labels: {env: prod, tier: critical}
 *     data_classes: [pii]
 *     scan_volume: 1200
 *     owner: core-services@acme.example   # optional
 * </pre>
 */
public final class Tenants {
    public static final int SCHEMA_VERSION = 1;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final List<Tenant> all;
    private final Map<String, Tenant> byId;
    private final List<InputWarning> warnings;

    public Tenants(List<Tenant> tenants) {
        this(tenants, List.of());
    }

    private Tenants(List<Tenant> tenants, List<InputWarning> warnings) {
        Map<String, Tenant> index = new LinkedHashMap<>();
        for (Tenant t : tenants) {
            if (index.putIfAbsent(t.id(), t) != null) {
                throw new IllegalArgumentException("duplicate tenant id " + t.id());
            }
        }
        this.all = List.copyOf(tenants);
        this.byId = Collections.unmodifiableMap(index);
        this.warnings = List.copyOf(warnings);
    }

    public static Tenants load(Path file, Strictness strictness) {
        return read(InputLoader.load(file, strictness));
    }

    public static Tenants read(InputDocument doc) {
        InputNode root = doc.root();
        root.knownFields("version", "tenants");
        InputNode version = root.require("version");
        if (version.asLong() != SCHEMA_VERSION) {
            throw version.expected("schema version " + SCHEMA_VERSION);
        }
        List<Tenant> tenants = new ArrayList<>();
        Map<String, InputNode> seen = new HashMap<>();
        for (InputNode n : root.requireList("tenants")) {
            n.knownFields("id", "name", "org", "team", "project", "region", "labels", "data_classes", "scan_volume", "owner");
            InputNode idNode = n.require("id");
            String id = idNode.asString();
            if (!ID.matcher(id).matches()) {
                throw idNode.expected("an id of lower-case letters, digits, '.', '_' or '-'");
            }
            InputNode first = seen.putIfAbsent(id, idNode);
            if (first != null) {
                throw idNode.problem("duplicate tenant id '" + id + "' (first at line " + first.line() + ")");
            }
            InputNode volume = n.require("scan_volume");
            long scanVolume = volume.asLong();
            if (scanVolume < 0) {
                throw volume.expected("a scan volume of 0 or more");
            }
            tenants.add(new Tenant(
                    id,
                    n.string("name", id),
                    n.require("org").asNonBlankString(),
                    n.require("team").asNonBlankString(),
                    n.require("project").asNonBlankString(),
                    n.require("region").asNonBlankString(),
                    n.stringMap("labels"),
                    n.stringList("data_classes"),
                    scanVolume,
                    n.optString("owner")));
        }
        return new Tenants(tenants, doc.warnings());
    }

    /** All tenants in file order. */
    public List<Tenant> all() {
        return all;
    }

    public Optional<Tenant> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The tenant with {@code id}; an unknown id is an {@link IllegalArgumentException} naming it. */
    public Tenant get(String id) {
        Tenant t = byId.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown tenant '" + id + "'");
        }
        return t;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public int size() {
        return all.size();
    }

    /** Unknown-field warnings from loading in lenient mode. */
    public List<InputWarning> warnings() {
        return warnings;
    }

    /** Throws the located error when a tenant id named at {@code at} is not in this tree. */
    public Tenant require(String id, InputNode at) {
        Tenant t = byId.get(id);
        if (t == null) {
            throw at.expected("a tenant id from the tenant file");
        }
        return t;
    }
}
