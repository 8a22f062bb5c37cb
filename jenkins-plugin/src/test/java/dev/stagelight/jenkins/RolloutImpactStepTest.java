package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RolloutImpactStepTest {
    @Test
    void predictsTheImpactOfTheExamplePlanAndReturnsTheMap(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "impact");
        Fixtures.rollout(j.jenkins.getWorkspaceFor(p), Fixtures.HEALTHY);
        // Scans come from the rollout module's own generator, written by the pipeline's agent-side step.
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def impact = rolloutImpact plan: 'rollout/rollout-789.json', tenants: 'rollout/tenants.yaml',
                                             scans: 'scans.jsonl'
                  echo "recommendation=${impact.impact_analysis.results.recommendation}"
                  echo "rollout=${impact.impact_analysis.rollout_id}"
                }
                """, true));
        ScansFile.write(j.jenkins.getWorkspaceFor(p).child("scans.jsonl"), Fixtures.EXAMPLES, 3000);
        WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("rollout=rollout-789", b);
        j.assertLogContains("recommendation=", b);
        j.assertLogContains("predicted", b);
    }

    @Test
    void aMissingPlanFailsNamingTheFile(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "impact-bad");
        p.setDefinition(new CpsFlowDefinition(
                "node { rolloutImpact plan: 'nope.json', tenants: 'nope.yaml', scans: 'nope.jsonl' }", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("nope.yaml", b);
    }

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        RolloutImpactStep s = new RolloutImpactStep("plan.json", "tenants.yaml", "scans.jsonl");
        s.setPolicies("policies");
        s.setLenient(true);
        RolloutImpactStep back = new StepConfigTester(j).configRoundTrip(s);
        j.assertEqualDataBoundBeans(s, back);
        assertEquals("policies", back.getPolicies());
    }
}
