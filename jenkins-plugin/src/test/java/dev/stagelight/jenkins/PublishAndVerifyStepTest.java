package dev.stagelight.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import dev.stagelight.publisher.cli.PublisherCli;
import hudson.FilePath;
import hudson.model.Result;
import hudson.util.Secret;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** publishExportIndex with keys from Jenkins credentials (never in the log), pushed to a bare repository, then verified. */
@WithJenkins
class PublishAndVerifyStepTest {
    static final String ORIGIN = "ci.stagelight.test/exports";

    @TempDir
    Path keys;

    void credentials(JenkinsRule j) throws Exception {
        assertEquals(0, PublisherCli.run(System.out, System.err, "keygen", "--out", keys.toString(), "--origin", ORIGIN));
        var store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "log-key", "log note key",
                "log.key", SecretBytes.fromRawBytes(Files.readAllBytes(keys.resolve("log.key")))));
        store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "signing-key",
                "manifest key", "signing.key.pem", SecretBytes.fromRawBytes(Files.readAllBytes(keys.resolve("signing.key.pem")))));
        store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, "site-token", "",
                Secret.fromString("t0ken-never-printed")));
    }

    @Test
    void publishesWithCredentialsPushesAndTheVerifierAcceptsIt(JenkinsRule j) throws Exception {
        credentials(j);
        File bare = keys.resolve("site.git").toFile();
        Git.init().setBare(true).setDirectory(bare).call().close();
        WorkflowJob p = j.createProject(WorkflowJob.class, "publish");
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        new FilePath(new File(Fixtures.EXAMPLES, "exports")).copyRecursiveTo(ws.child("exports"));
        ws.child("keys/log.vkey").copyFrom(new FilePath(keys.resolve("log.vkey").toFile()));
        ws.child("keys/signing.pub.pem").copyFrom(new FilePath(keys.resolve("signing.pub.pem").toFile()));
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def r = publishExportIndex manifests: 'exports/*.json', index: 'index',
                                             logKeyCredentialsId: 'log-key', signingKeyCredentialsId: 'signing-key',
                                             publicUrl: 'https://exports.example.org/index/',
                                             gitRemote: '%s', branch: 'gh-pages', gitCredentialsId: 'site-token'
                  echo "size=${r.size} first=${r.entries[0]}"
                  def v = verifyExportIndex index: 'index', logKey: 'keys/log.vkey', signerKey: 'keys/signing.pub.pem',
                                            state: 'last.checkpoint', junit: 'verify.xml'
                  echo "verified=${v.verified}"
                }
                """.formatted(bare.getAbsolutePath()), true));
        WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("size=4 first=https://exports.example.org/index/entries/0/0.html", b);
        j.assertLogContains("verified=true", b);
        String log = JenkinsLogs.text(b);
        String key = Files.readString(keys.resolve("signing.key.pem"), StandardCharsets.UTF_8);
        String logKey = Files.readString(keys.resolve("log.key"), StandardCharsets.UTF_8).strip();
        for (String line : key.strip().split("\n")) {
            if (!line.startsWith("-----")) {
                assertFalse(log.contains(line), "the signing key reached the log");
            }
        }
        assertFalse(log.contains(logKey), "the log key reached the log");
        assertFalse(log.contains("t0ken-never-printed"), "the git token reached the log");
        assertTrue(ws.child("verify.xml").exists(), "JUnit report written");
        assertTrue(ws.child("last.checkpoint").exists(), "state stored after success");
        try (Git git = Git.open(bare)) {
            assertTrue(git.getRepository().resolve("refs/heads/gh-pages") != null, "pushed to gh-pages");
        }
        StagelightAction a = b.getAction(StagelightAction.class);
        assertEquals(4, a.getPublications().get(0).getEntryUrls().size());
        assertTrue(a.getVerifications().get(0).isVerified());
        // Tracked on the run: the credentials' usage shows which builds used them.
        assertFalse(CredentialsProvider.lookupStores(j.jenkins).iterator().next().getCredentials(Domain.global()).isEmpty());
    }

    @Test
    void aTamperedIndexFailsTheBuildAndStillWritesTheJunitReport(JenkinsRule j) throws Exception {
        credentials(j);
        WorkflowJob p = j.createProject(WorkflowJob.class, "tampered");
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        new FilePath(new File(Fixtures.EXAMPLES, "exports")).copyRecursiveTo(ws.child("exports"));
        ws.child("keys/log.vkey").copyFrom(new FilePath(keys.resolve("log.vkey").toFile()));
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  publishExportIndex manifests: 'exports/*.json', index: 'index', logKeyCredentialsId: 'log-key',
                                     signingKeyCredentialsId: 'signing-key'
                  def cp = readFile 'index/checkpoint'
                  writeFile file: 'index/checkpoint', text: cp.replaceFirst('\\n4\\n', '\\n3\\n')
                  verifyExportIndex index: 'index', logKey: 'keys/log.vkey', junit: 'verify.xml'
                }
                """, true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("verification of index failed", b);
        assertTrue(ws.child("verify.xml").readToString().contains("<failure"), "the JUnit report records the failure");
    }

    @Test
    void followVerifiesOnlyWhatIsNewSinceTheStoredCheckpointAndWritesItsJunitReport(JenkinsRule j) throws Exception {
        credentials(j);
        WorkflowJob p = j.createProject(WorkflowJob.class, "follow");
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        new FilePath(new File(Fixtures.EXAMPLES, "exports")).copyRecursiveTo(ws.child("exports"));
        ws.child("keys/log.vkey").copyFrom(new FilePath(keys.resolve("log.vkey").toFile()));
        ws.child("keys/signing.pub.pem").copyFrom(new FilePath(keys.resolve("signing.pub.pem").toFile()));
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  publishExportIndex manifests: 'exports/01-*.json,exports/02-*.json', index: 'index',
                                     logKeyCredentialsId: 'log-key', signingKeyCredentialsId: 'signing-key'
                  def v = verifyExportIndex index: 'index', logKey: 'keys/log.vkey', signerKey: 'keys/signing.pub.pem',
                                            state: 'monitor.checkpoint', follow: true, junit: 'follow.xml'
                  echo "follow=${v.follow} verified=${v.verified}"
                }
                """, true));
        WorkflowRun first = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("follow=true verified=true", first);
        String firstReport = ws.child("follow.xml").readToString();
        assertTrue(firstReport.contains("stagelight-verifier.follow")
                && firstReport.contains("no checkpoint stored yet; verifying the whole index (size 2)"), firstReport);
        String stored = ws.child("monitor.checkpoint").readToString();
        assertTrue(stored.contains("\n2\n"), stored);

        p.setDefinition(new CpsFlowDefinition(((CpsFlowDefinition) p.getDefinition()).getScript()
                .replace("'exports/01-*.json,exports/02-*.json'", "'exports/03-*.json,exports/04-*.json'"), true));
        WorkflowRun second = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        assertTrue(ws.child("monitor.checkpoint").readToString().contains("\n4\n"), "the new checkpoint is stored");
        String junit = ws.child("follow.xml").readToString();
        assertTrue(junit.contains("last verified at tree size 2") && junit.contains("consistency")
                && !junit.contains("<failure"), junit);
        assertTrue(second.getAction(StagelightAction.class).getVerifications().get(0).getSummary().startsWith("follow: "));
    }

    @Test
    void followWithoutStateIsRefused(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "follow-nostate");
        p.setDefinition(new CpsFlowDefinition(
                "node { verifyExportIndex index: 'index', logKey: 'keys/log.vkey', follow: true }", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("verifyExportIndex: follow needs state:", b);
    }

    @Test
    void missingCredentialsAreNamed(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "nocreds");
        p.setDefinition(new CpsFlowDefinition(
                "node { publishExportIndex manifests: '*.json', index: 'index', logKeyCredentialsId: 'nope' }", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("logKeyCredentialsId: no secret-file credentials 'nope'", b);
    }

    @Test
    void configRoundTrips(JenkinsRule j) throws Exception {
        PublishExportIndexStep s = new PublishExportIndexStep("exports/*.json", "index", "log-key");
        s.setSigningKeyCredentialsId("signing-key");
        s.setGitRemote("https://git.example.org/site.git");
        s.setBranch("pages");
        s.setGitCredentialsId("token");
        s.setPublicUrl("https://exports.example.org/index/");
        j.assertEqualDataBoundBeans(s, new StepConfigTester(j).configRoundTrip(s));
        VerifyExportIndexStep v = new VerifyExportIndexStep("index", "keys/log.vkey");
        v.setSignerKey("keys/signing.pub.pem");
        v.setJunit("verify.xml");
        v.setState("last.checkpoint");
        v.setFollow(true);
        j.assertEqualDataBoundBeans(v, new StepConfigTester(j).configRoundTrip(v));
    }
}
