package dev.stagelight.rollout.gate.source;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The values a {@link QueryTemplate} is rendered with: the stage's tenants (and, for per-tenant queries, the one
 * tenant), the stage name, the comparison group and the analysis interval.
 *
 * @param tenant   the one tenant for {@code {{tenant}}}, or null when the query is over the whole stage
 * @param tenants  the stage's tenants for {@code {{tenants}}}
 * @param group    baseline or canary for {@code {{group}}}, or null when the query is not about one side
 * @param interval the analysis interval for {@code {{interval}}}
 */
public record TemplateVars(String tenant, List<String> tenants, String stage, Group group, Duration interval) {
    public TemplateVars {
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(interval, "interval");
    }

    public static TemplateVars stage(String stage, List<String> tenants, Duration interval) {
        return new TemplateVars(null, tenants, stage, null, interval);
    }

    public TemplateVars withGroup(Group g) {
        return new TemplateVars(tenant, tenants, stage, g, interval);
    }

    public TemplateVars withTenant(String t) {
        return new TemplateVars(t, tenants, stage, group, interval);
    }

    public TemplateVars withInterval(Duration d) {
        return new TemplateVars(tenant, tenants, stage, group, d);
    }
}
