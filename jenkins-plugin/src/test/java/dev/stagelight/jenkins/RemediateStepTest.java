package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.stagelight.rollout.remediation.WebhookSignature;
import dev.stagelight.rollout.remediation.WebhookVerifier;
import hudson.model.Result;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The binding of remediate: a real Pipeline evaluates rules against an HTTP server answering the Prometheus query
 * API, the scaler webhook is a real local server checking every signature, and the webhook secret reaches the step
 * only through the build's environment and never the log. Deciding is tested in rollout-steps (PipelineRemediation).
 */
@WithJenkins
class RemediateStepTest {
    static final String SECRET = "hook-secret-5e1f0a9c";
    static final String RULES = """
            name: ci-latency
            inputs:
              latency_p95: max(policy_eval_latency_p95_seconds{group="canary"})
            policy: {green_period: 15m, retry: {attempts: 1, backoff: 1s}}
            actions:
              scale_out:
                cooldown: 10m
                webhook: {url_env: CI_SCALER_URL, secret_env: CI_WEBHOOK_SECRET, timeout: 5s}
            rules:
              - name: slow-canary
                when: latency_p95 > 0.3
                actions: [scale_out]
            """;

    final AtomicReference<String> latency = new AtomicReference<>("0.6");
    final List<String> scaled = new CopyOnWriteArrayList<>();
    HttpServer server;

    @BeforeEach
    void startServers() throws Exception {
        WebhookVerifier verifier = new WebhookVerifier(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5),
                Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", ex -> {
            String result = "[{\"metric\":{},\"value\":[" + System.currentTimeMillis() / 1000 + ",\"" + latency.get() + "\"]}]";
            respond(ex, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}");
        });
        server.createContext("/scale", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                verifier.verify(ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body);
            } catch (SecurityException e) {
                respond(ex, 401, e.getMessage());
                return;
            }
            scaled.add(new String(body, StandardCharsets.UTF_8));
            respond(ex, 200, "{}");
        });
        server.start();
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, int code, String text) throws java.io.IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    WorkflowJob job(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        j.jenkins.getWorkspaceFor(p).child("rules.yaml").write(RULES, "UTF-8");
        p.setDefinition(new CpsFlowDefinition(script.replace("BASE", base()).replace("SECRET", SECRET), true));
        return p;
    }

    @Test
    void aFiringRuleTakesItsActionThroughASignedWebhookAndTheSecretNeverReachesTheLog(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, "remediate", """
                node {
                  withEnv(['CI_SCALER_URL=BASE/scale', 'CI_WEBHOOK_SECRET=SECRET']) {
                    def r = remediate rules: 'rules.yaml', prometheus: 'BASE', store: 'store'
                    echo "taken=${r.taken.collect { it.action }} reverted=${r.reverted.size()} evaluation=${r.evaluation}"
                  }
                }
                """);
        WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("taken=[scale_out] reverted=0 evaluation=1", b);
        j.assertLogContains("latency_p95=0.6", b);
        assertFalse(JenkinsLogs.text(b).contains(SECRET), "the webhook secret is never printed");
        assertEquals(1, scaled.size(), "one signed scale_out reached the scaler");
        assertTrue(scaled.get(0).contains("\"scale_out\""), scaled.get(0));
        StagelightAction.Remediation m = b.getAction(StagelightAction.class).getRemediations().get(0);
        assertEquals("ci-latency", m.getScope());
        assertEquals("acted", m.getChanges().get(0).get("decision"));
        assertTrue(m.getChanges().get(0).get("values").contains("latency_p95 = 0.6"), m.getChanges().toString());

        // The next build continues from the store: the action is in force, nothing new is taken.
        WorkflowRun b2 = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("taken=[] reverted=0 evaluation=2", b2);
        assertEquals(1, scaled.size());
    }

    @Test
    void aDryRunCallsNoWebhook(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, "dry", """
                node {
                  withEnv(['CI_SCALER_URL=BASE/scale', 'CI_WEBHOOK_SECRET=SECRET']) {
                    def r = remediate rules: 'rules.yaml', prometheus: 'BASE', dryRun: true
                    echo "dry=${r.dry_run} decision=${r.taken[0].decision}"
                  }
                }
                """);
        WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("dry=true decision=dry_run", b);
        assertEquals(List.of(), scaled);
    }

    @Test
    void anActionThatFailsOnEveryAttemptFailsTheStepAfterRecordingIt(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, "unset", """
                node { remediate rules: 'rules.yaml', prometheus: 'BASE' }
                """);
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("remediate: ci-latency evaluation 1: scale_out failed", b);
        assertEquals("failed", b.getAction(StagelightAction.class).getRemediations().get(0).getChanges().get(0)
                .get("decision"));
    }

    @Test
    void aBadRulesFileNamesTheFileAndField(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, "bad", "node { writeFile file: 'bad.yaml', text: 'name: x\\nrules: 3\\n'\n"
                + " remediate rules: 'bad.yaml', prometheus: 'BASE' }");
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("remediate: ", b);
        j.assertLogContains("bad.yaml", b);
    }

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        RemediateStep s = new RemediateStep("examples/remediation/slo-rules.yaml", "http://127.0.0.1:9090");
        s.setDryRun(true);
        s.setCanaryVerdict("inconclusive");
        s.setAt("2026-01-01T06:10:00Z");
        s.setStore("store");
        s.setStoreGit(true);
        s.setStoreRemote("git://127.0.0.1/store.git");
        j.assertEqualDataBoundBeans(s, new StepConfigTester(j).configRoundTrip(s));
    }
}
