package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.expr.Bindings;
import dev.stagelight.rollout.policy.CompiledPolicy;
import dev.stagelight.rollout.policy.FindingFields;
import dev.stagelight.rollout.tenant.Tenant;
import java.util.List;

/**
 * A scan's verdict under one compiled policy: the index of its deciding FAIL rule (the lowest over its findings),
 * else {@link #WARNED} or {@link #PASSED}. One set of bindings is reused for every finding (not thread-safe), so
 * replaying a history allocates nothing per finding. Impact analysis and the blue-green comparison share it.
 */
public final class ScanVerdicts {
    public static final int PASSED = -1;
    public static final int WARNED = -2;

    private final Bindings bindings = FindingFields.SCHEMA.newBindings();
    private final long[] evaluations = new long[1];

    /** Binds the scan's own fields; call before {@link #verdict} for each policy. */
    public void bindScan(Scan scan, Tenant tenant) {
        bindings.string(FindingFields.IMAGE.index(), scan.image());
        bindings.string(FindingFields.TENANT.index(), scan.tenant());
        bindings.string(FindingFields.TEAM.index(), tenant.team());
    }

    public int verdict(CompiledPolicy policy, Scan scan) {
        int failing = Integer.MAX_VALUE;
        boolean warned = false;
        List<Finding> findings = scan.findings();
        for (int i = 0, n = findings.size(); i < n; i++) {
            bindFinding(findings.get(i));
            int r = policy.evaluate(bindings, evaluations);
            if (r >= 0) {
                if (policy.isFail(r)) {
                    failing = Math.min(failing, r);
                } else {
                    warned = true;
                }
            }
        }
        return failing != Integer.MAX_VALUE ? failing : warned ? WARNED : PASSED;
    }

    /** Rule evaluations so far. */
    public long evaluations() {
        return evaluations[0];
    }

    /** PASS, WARN or FAIL for a verdict. */
    public static String kind(int verdict) {
        return verdict >= 0 ? "FAIL" : verdict == WARNED ? "WARN" : "PASS";
    }

    private void bindFinding(Finding f) {
        Bindings b = bindings;
        b.string(FindingFields.ID.index(), f.id());
        b.string(FindingFields.SEVERITY.index(), f.severity());
        b.number(FindingFields.CVSS.index(), f.cvss());
        b.number(FindingFields.EPSS.index(), f.epss());
        b.bool(FindingFields.KEV.index(), f.kev());
        b.string(FindingFields.REACHABILITY.index(), f.reachability());
        b.bool(FindingFields.FIX_AVAILABLE.index(), f.fixAvailable());
        b.string(FindingFields.PACKAGE.index(), f.pkg());
        b.string(FindingFields.VEX_STATUS.index(), f.vexStatus());
        b.number(FindingFields.AGE_DAYS.index(), f.ageDays());
    }
}
