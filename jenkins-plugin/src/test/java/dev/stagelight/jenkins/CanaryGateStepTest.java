package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The binding of canaryGate over a gate set: verdicts, the block form and the person's decision on an inconclusive
 * gate. The judging itself is tested in rollout-steps against the real Prometheus (PipelineGateTest); here an HTTP server on 127.0.0.1 answers the
 * Prometheus query API with the value each test sets.
 */
@WithJenkins
class CanaryGateStepTest {
    static final String GATES = """
            templates:
              - name: canary-health
                metrics:
                  - name: error-ratio
                    query: 'sum(rate(errors_total{stage="{{stage}}"}[{{interval}}]))'
                    interval: 1m
                    count: 1
                    success_condition: result < 0.05
                    failure_condition: result >= 0.10
            analysis: [{template: canary-health}]
            """;

    final AtomicReference<String> value = new AtomicReference<>("0.01");
    HttpServer prometheus;

    @BeforeEach
    void startPrometheusApi() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/", ex -> {
            String v = value.get();
            String result = v == null ? "[]" : "[{\"metric\":{},\"value\":[" + System.currentTimeMillis() / 1000 + ",\"" + v + "\"]}]";
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        prometheus.start();
    }

    @AfterEach
    void stop() {
        prometheus.stop(0);
    }

    WorkflowJob job(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        j.jenkins.getWorkspaceFor(p).child("gates.yaml").write(GATES, "UTF-8");
        p.setDefinition(new CpsFlowDefinition(script.replace("PROM", "http://127.0.0.1:" + prometheus.getAddress().getPort()), true));
        return p;
    }

    @Test
    void aHealthyCanaryPassesAfterTheBodyRan(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, "pass", """
                node {
                  def v = canaryGate(gates: 'gates.yaml', prometheus: 'PROM', stage: 'canary') { echo 'deploying the canary' }
                  echo "verdict=${v.status} parts=${v.evidence.size()}"
                }
                """);
        WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        String log = JenkinsLogs.text(b);
        assertTrue(log.indexOf("deploying the canary") < log.indexOf("canaryGate canary at"), "the body runs first");
        j.assertLogContains("verdict=pass parts=1", b);
        assertEquals("pass", b.getAction(StagelightAction.class).getGates().get(0).getStatus());
    }

    @Test
    void aFailingCanaryFailsTheStage(JenkinsRule j) throws Exception {
        value.set("0.5");
        WorkflowJob p = job(j, "fail", "node { canaryGate gates: 'gates.yaml', prometheus: 'PROM' }");
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("canaryGate: stage canary failed", b);
    }

    @Test
    void anInconclusiveCanaryWaitsForAPerson(JenkinsRule j) throws Exception {
        value.set(null); // no data
        WorkflowJob p = job(j, "inconclusive", """
                node {
                  def v = canaryGate gates: 'gates.yaml', prometheus: 'PROM'
                  echo "verdict=${v.status} by=${v.accepted_by}"
                }
                """);
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("is inconclusive; approve to go on", b);
        assertTrue(StagelightAction.decide(b, "canaryGate:canary", new RolloutTick.Decision(true, "alice", "looked at it")));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("verdict=inconclusive by=alice", b);
    }

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        CanaryGateStep s = new CanaryGateStep("gates.yaml", "http://127.0.0.1:9090");
        s.setStage("early");
        s.setInterval("2m");
        s.setAt("2024-12-29T11:00:00Z");
        s.setTemplate("canary-health");
        s.setTenantTree("rollout/tenants.yaml");
        s.setTenants(java.util.List.of("platform-eng-core-services"));
        j.assertEqualDataBoundBeans(s, new StepConfigTester(j).configRoundTrip(s));
    }
}
