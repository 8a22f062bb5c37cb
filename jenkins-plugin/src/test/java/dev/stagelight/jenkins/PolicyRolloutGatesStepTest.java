package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.sun.net.httpserver.HttpServer;
import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.verifier.cli.VerifierCli;
import hudson.FilePath;
import hudson.model.Result;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * policyRollout with gates: and prometheus: (an HTTP server answering the Prometheus query API with the error ratio
 * each test sets) and evidenceIndex: with the evidence key from secret-file credentials: the verdicts reach the build
 * page with their values, a failed gate rolls back and fails the build unless failOnRollback: false, every decision
 * is signed evidence the verifier accepts, and the key never reaches the log. Gate judging and evidence are tested in
 * rollout-steps (PipelineRolloutGatesTest) against a real Prometheus.
 */
@WithJenkins
class PolicyRolloutGatesStepTest {
    static final String PLAN = """
            {"rollout_id": "rollout-gated", "policy_set": "production", "from_version": "v1.0.0", "to_version": "v2.0.0",
             "strategy": "staged",
             "stages": [{"name": "canary", "tenants": ["platform-eng-core-services"], "duration": "3s",
                         "analysis": {"templates": [{"template": "errors"}]}},
                        {"name": "full", "selection": {"method": "all"}}],
             "rollback": {"automatic": true}}
            """;
    static final String GATES = """
            templates:
              - name: errors
                metrics:
                  - name: ratio
                    query: max(error_ratio{tenant=~"{{tenants}}"})
                    interval: 1m
                    success_condition: result < 0.05
                    failure_condition: result >= 0.10
            analysis: [{template: errors}]
            """;

    @TempDir
    Path keys;
    final AtomicReference<String> ratio = new AtomicReference<>("0.01");
    HttpServer prometheus;

    @BeforeEach
    void startPrometheusApi() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/", ex -> {
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                    + "\"value\":[" + System.currentTimeMillis() / 1000 + ",\"" + ratio.get() + "\"]}]}}")
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

    WorkflowJob job(JenkinsRule j, String failOnRollback) throws Exception {
        assertEquals(0, PublisherCli.run(System.out, System.err, "keygen", "--out", keys.toString(), "--origin",
                "ci.stagelight.test/evidence"));
        var store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "evidence-key",
                "evidence signing key", "signing.key.pem",
                SecretBytes.fromRawBytes(Files.readAllBytes(keys.resolve("signing.key.pem")))));
        store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "evidence-log-key",
                "index note key", "log.key", SecretBytes.fromRawBytes(Files.readAllBytes(keys.resolve("log.key")))));
        WorkflowJob p = j.createProject(WorkflowJob.class, "gated-" + failOnRollback);
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        Fixtures.rollout(ws, Fixtures.HEALTHY);
        ws.child("rollout/gated.json").write(PLAN, "UTF-8");
        ws.child("gates.yaml").write(GATES, "UTF-8");
        assertEquals(0, PublisherCli.run(System.out, System.err, "init", ws.child("evidence").getRemote(), "--log-key",
                keys.resolve("log.key").toString()));
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def s = policyRollout plan: 'rollout/gated.json', tenants: 'rollout/tenants.yaml', store: 'store',
                                        gates: 'gates.yaml', prometheus: 'http://127.0.0.1:%d', pollInterval: '1s',
                                        approvedBy: 'alice', evidenceIndex: 'evidence',
                                        evidenceKeyCredentialsId: 'evidence-key',
                                        evidenceLogKeyCredentialsId: 'evidence-log-key', failOnRollback: %s
                  echo "final=${s.status}"
                }
                """.formatted(prometheus.getAddress().getPort(), failOnRollback), true));
        return p;
    }

    void assertKeyNeverLogged(WorkflowRun b) throws Exception {
        String log = JenkinsLogs.text(b);
        for (String line : Files.readString(keys.resolve("signing.key.pem")).strip().split("\n")) {
            if (!line.startsWith("-----")) {
                assertFalse(log.contains(line), "the evidence key reached the log");
            }
        }
        String note = Files.readString(keys.resolve("log.key")).strip();
        assertFalse(log.contains(note.substring(note.lastIndexOf('+') + 1)), "the index key reached the log");
    }

    String verify(FilePath index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifierCli.run(new String[] {"index", index.getRemote(), "--log-key",
            keys.resolve("log.vkey").toString(), "--signer-key", keys.resolve("signing.pub.pem").toString()},
                new PrintStream(out), new PrintStream(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    @Test
    void aHealthyCanaryPassesItsGatesAndEveryDecisionIsSignedEvidence(JenkinsRule j) throws Exception {
        WorkflowJob p = job(j, "true");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("waiting for approval to start stage full", b);
        PolicyRolloutStepTest.decideAs("alice", b, "approve", "canary gates passed");
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("final=completed", b);
        j.assertLogContains("gates of stage canary: ", b);
        j.assertLogContains(": pass (", b);
        j.assertLogContains("rollout-evidence entries", b);
        StagelightAction.Gate g = b.getAction(StagelightAction.class).getGates().get(0);
        assertEquals("rollout-gated", g.getRollout());
        assertEquals("pass", g.getStatus());
        assertTrue(g.getExplanation().contains("0.01"), "the verdict shows its value: " + g.getExplanation());
        assertKeyNeverLogged(b);
        assertTrue(verify(j.jenkins.getWorkspaceFor(p).child("evidence")).contains("VERIFIED"));
    }

    @Test
    void aFailingGateRollsBackAndFailsTheBuild(JenkinsRule j) throws Exception {
        ratio.set("0.5");
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, job(j, "true").scheduleBuild2(0));
        j.assertLogContains("gates of stage canary: ", b);
        j.assertLogContains(": failed (", b);
        j.assertLogContains("policyRollout: rollout-gated was rolled back: gate failed", b);
        assertEquals("failed", b.getAction(StagelightAction.class).getGates().get(0).getStatus());
        assertKeyNeverLogged(b);
    }

    @Test
    void failOnRollbackFalseReturnsTheRolledBackStatus(JenkinsRule j) throws Exception {
        ratio.set("0.5");
        WorkflowRun b = j.assertBuildStatusSuccess(job(j, "false").scheduleBuild2(0));
        j.assertLogContains("final=rolled_back", b);
    }

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        PolicyRolloutStep s = new PolicyRolloutStep("rollout/rollout-789.json", "rollout/tenants.yaml");
        s.setGates("examples/gates/canary-gates.yaml");
        s.setPrometheus("http://127.0.0.1:9090");
        s.setEvidenceIndex("evidence");
        s.setEvidenceKeyCredentialsId("evidence-key");
        s.setEvidenceLogKeyCredentialsId("evidence-log-key");
        s.setStoreGit(true);
        s.setStoreRemote("https://git.example.org/rollouts.git");
        s.setStoreCredentialsId("store-token");
        s.setFailOnRollback(false);
        j.assertEqualDataBoundBeans(s, new StepConfigTester(j).configRoundTrip(s));
    }
}
