package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PolicyRolloutStepTest {
    static final String PIPELINE = """
            node {
              def status = policyRollout plan: 'rollout/rollout-ci.json', tenants: 'rollout/tenants.yaml',
                                         store: 'store', observations: 'observations.json', pollInterval: '1s'
              echo "final=${status.status}"
            }
            """;

    /** Waits until the build's rollout asks for a person, then decides as {@code user} through the build page's action. */
    static void decideAs(String user, WorkflowRun b, String decision, String note) throws Exception {
        StagelightAction a = null;
        for (int i = 0; i < 600; i++) {
            a = b.getAction(StagelightAction.class);
            if (a != null && !a.getRollouts().isEmpty() && a.getRollouts().get(0).getWaitingFor() != null) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(a, "no Policy rollout action on " + b);
        StagelightAction action = a;
        try (ACLContext ctx = ACL.as(User.getById(user, true))) {
            RolloutTick.Decision d = new RolloutTick.Decision("approve".equals(decision), User.current().getId(), note);
            assertTrue(StagelightAction.decide(b, "rollout-ci", d), "the waiting execution took the decision");
            assertTrue(action.getRun() == b);
        }
    }

    static void security(JenkinsRule j) {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("alice")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
    }

    @Test
    void approvalByARealUserThenTheStagesRunToCompletion(JenkinsRule j) throws Exception {
        security(j);
        WorkflowJob p = j.createProject(WorkflowJob.class, "rollout");
        Fixtures.rollout(j.jenkins.getWorkspaceFor(p), Fixtures.HEALTHY);
        p.setDefinition(new CpsFlowDefinition(PIPELINE, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("waiting for approval to start stage canary", b);
        assertTrue(b.isBuilding());
        decideAs("alice", b, "approve", "impact acceptable");
        j.waitForMessage("waiting for approval to start stage full", b);
        decideAs("alice", b, "approve", "canary healthy");
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("final=completed", b);
        j.assertLogContains("\"approved_by\":\"alice\"", b);
        StagelightAction.RolloutRecord r = b.getAction(StagelightAction.class).getRollouts().get(0);
        assertEquals("completed", r.getStatus().get("status"));
        assertTrue(r.getApprovals().get(0).contains("approved by alice"), r.getApprovals().toString());
        assertTrue(r.getApprovals().get(0).contains("impact acceptable"), r.getApprovals().toString());
        assertEquals(2, r.getStages().size());
        assertTrue(((java.util.List<?>) r.getStages().get(0).get("tenants")).contains("platform-eng-core-services"));
    }

    @Test
    void aRollbackFailsTheBuildUnlessFailOnRollbackIsFalse(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "rollback");
        Fixtures.rollout(j.jenkins.getWorkspaceFor(p), Fixtures.FAILING);
        p.setDefinition(new CpsFlowDefinition(PIPELINE, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        decideAs("SYSTEM", b, "approve", "go");
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("rollout-ci was rolled back", b);

        WorkflowJob q = j.createProject(WorkflowJob.class, "rollback-tolerated");
        Fixtures.rollout(j.jenkins.getWorkspaceFor(q), Fixtures.FAILING);
        q.setDefinition(new CpsFlowDefinition(PIPELINE.replace("pollInterval: '1s'",
                "pollInterval: '1s', failOnRollback: false"), true));
        WorkflowRun c = q.scheduleBuild2(0).waitForStart();
        decideAs("SYSTEM", c, "approve", "go");
        j.assertBuildStatusSuccess(j.waitForCompletion(c));
        j.assertLogContains("final=rolled_back", c);
    }

    @Test
    void abortFromTheBuildPageRollsBack(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "abort");
        Fixtures.rollout(j.jenkins.getWorkspaceFor(p), Fixtures.HEALTHY);
        p.setDefinition(new CpsFlowDefinition(PIPELINE, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        decideAs("SYSTEM", b, "abort", "not today");
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("not today", b);
        assertFalse(b.getAction(StagelightAction.class).getRollouts().isEmpty());
    }

    @Test
    void anInputSubmitterApprovesStageOne(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "approved-by");
        Fixtures.rollout(j.jenkins.getWorkspaceFor(p), Fixtures.HEALTHY);
        p.setDefinition(new CpsFlowDefinition(PIPELINE.replace("pollInterval: '1s'",
                "pollInterval: '1s', approvedBy: 'alice', approvalNote: 'from input'"), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        // No decision on the build page for stage 1: the canary starts and the next wait is for stage full.
        j.waitForMessage("waiting for approval to start stage full", b);
        j.assertLogContains("\"approved_by\":\"alice\"", b);
        j.assertLogContains("from input", b);
        decideAs("SYSTEM", b, "abort", "enough");
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
    }

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        PolicyRolloutStep s = new PolicyRolloutStep("plan.json", "tenants.yaml");
        s.setPolicies("policies");
        s.setStore("rollouts");
        s.setObservations("obs.json");
        s.setPollInterval("30s");
        s.setFailOnRollback(false);
        s.setApprovedBy("alice");
        s.setApprovalNote("impact reviewed");
        PolicyRolloutStep back = new StepConfigTester(j).configRoundTrip(s);
        j.assertEqualDataBoundBeans(s, back);
    }
}
