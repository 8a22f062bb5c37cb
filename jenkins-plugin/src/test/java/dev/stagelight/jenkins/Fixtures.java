package dev.stagelight.jenkins;

import hudson.FilePath;
import java.io.File;
import java.nio.charset.StandardCharsets;

/** Workspace contents for the Pipeline tests: the repository's examples and a fast plan over them. */
final class Fixtures {
    /** The repository's examples/ folder (tests run in jenkins-plugin/). */
    static final File EXAMPLES = new File("../examples");

    /** A two-stage plan over the example tenants: a 3-second canary that needs approval to go on, then everyone. */
    static final String FAST_PLAN = """
            {
              "rollout_id": "rollout-ci",
              "policy_set": "production",
              "from_version": "v1.0.0",
              "to_version": "v2.0.0",
              "strategy": "staged",
              "stages": [
                {"name": "canary", "tenants": ["platform-eng-core-services"], "duration": "3s",
                 "success_criteria": {"max_new_failures": 5, "max_failure_rate_increase": 0.05},
                 "auto_proceed": false},
                {"name": "full", "selection": {"method": "all"}}
              ],
              "rollback": {"automatic": true, "triggers": [{"metric": "failure_rate_increase", "threshold": 0.20}]}
            }
            """;

    static final String HEALTHY = """
            {"scans_evaluated": 234, "new_failures": 3, "failure_rate_before": 0.12, "failure_rate_after": 0.13,
             "new_critical_blocks": 0}
            """;

    static final String FAILING = """
            {"scans_evaluated": 234, "new_failures": 90, "failure_rate_before": 0.10, "failure_rate_after": 0.45,
             "new_critical_blocks": 0}
            """;

    private Fixtures() {}

    /** Copies examples/rollout into {@code ws/rollout} and adds the fast plan and observations beside it. */
    static void rollout(FilePath ws, String observations) throws Exception {
        new FilePath(new File(EXAMPLES, "rollout")).copyRecursiveTo(ws.child("rollout"));
        ws.child("rollout/rollout-ci.json").write(FAST_PLAN, StandardCharsets.UTF_8.name());
        ws.child("observations.json").write(observations, StandardCharsets.UTF_8.name());
    }
}
