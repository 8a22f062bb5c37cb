package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** The controller restarts while a stage is monitoring; the build resumes from the store and completes. */
class PolicyRolloutRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void resumesAfterARestartMidStage() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "restart");
            Fixtures.rollout(j.jenkins.getWorkspaceFor(p), Fixtures.HEALTHY);
            // A long canary window: the restart lands in the middle of it.
            j.jenkins.getWorkspaceFor(p).child("rollout/rollout-ci.json").write(Fixtures.FAST_PLAN
                    .replace("\"duration\": \"3s\"", "\"duration\": \"20s\"")
                    .replace("\"auto_proceed\": false", "\"auto_proceed\": true"), "UTF-8");
            p.setDefinition(new CpsFlowDefinition(PolicyRolloutStepTest.PIPELINE
                    .replace("pollInterval: '1s'", "pollInterval: '2s'"), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            PolicyRolloutStepTest.decideAs("SYSTEM", b, "approve", "before the restart");
            j.waitForMessage("stage canary monitoring", b);
            assertTrue(b.isBuilding());
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("restart", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("final=completed", b);
            String log = JenkinsLogs.text(b);
            assertEquals(1, log.split("\"event\":\"rollout.approved\"", -1).length - 1, "approved once, never again");
        });
    }
}
