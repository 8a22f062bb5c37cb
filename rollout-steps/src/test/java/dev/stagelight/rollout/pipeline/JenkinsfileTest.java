package dev.stagelight.rollout.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.junit.jupiter.api.Test;

/**
 * The project's own Jenkinsfile parses (Groovy syntax) and names only declarative sections and steps that exist: our
 * plugin's steps (read from its sources) or those of the Jenkins plugins listed here, so a broken Jenkinsfile fails
 * the default build although the plugin itself is built only with {@code -Pjenkins}.
 */
class JenkinsfileTest {
    static final Path JENKINSFILE = Path.of("../Jenkinsfile");
    static final Path PLUGIN_SOURCES = Path.of("../jenkins-plugin/src/main/java");

    /** Declarative Pipeline sections and directives (pipeline-model-definition). */
    static final Set<String> DECLARATIVE = Set.of("pipeline", "agent", "any", "none", "label", "node", "options",
            "parameters", "environment", "stages", "stage", "steps", "post", "always", "success", "failure",
            "unstable", "aborted", "changed", "fixed", "regression", "cleanup", "when", "expression", "branch",
            "not", "allOf", "anyOf", "triggers", "tools", "input", "parallel", "matrix", "script",
            // options and parameters: core and workflow-job
            "timeout", "buildDiscarder", "logRotator", "disableConcurrentBuilds", "timestamps", "string",
            "booleanParam", "choice", "text", "password");

    /** Steps of core and the plugins a Stagelight controller runs, by plugin. */
    static final Set<String> JENKINS_STEPS = Set.of(
            "sh", "bat", "node", "ws",                                     // workflow-durable-task-step
            "echo", "error", "writeFile", "readFile", "fileExists", "dir",  // workflow-basic-steps
            "sleep", "timeout", "retry", "deleteDir", "pwd", "isUnix", "catchError", "warnError",
            "archiveArtifacts", "fingerprint", "stash", "unstash",          // core / workflow-basic-steps
            "junit",                                                        // junit
            "input",                                                        // pipeline-input-step
            "withCredentials", "file", "usernamePassword");                 // credentials-binding

    @Test
    void theJenkinsfileParsesAndNamesOnlyStepsThatExist() throws IOException {
        assertTrue(Files.isRegularFile(JENKINSFILE), JENKINSFILE.toAbsolutePath() + " missing");
        Set<String> ours = pluginSteps();
        assertTrue(ours.containsAll(Set.of("rolloutImpact", "policyRollout", "canaryGate", "remediate",
                "publishExportIndex", "verifyExportIndex")),
                "steps found in the plugin sources: " + ours);
        List<String> unknown = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (MethodCallExpression call : implicitCalls(parse(Files.readString(JENKINSFILE)))) {
            String name = call.getMethodAsString();
            used.add(name);
            if (!DECLARATIVE.contains(name) && !JENKINS_STEPS.contains(name) && !ours.contains(name)) {
                unknown.add(name + " (line " + call.getLineNumber() + ")");
            }
        }
        assertEquals(List.of(), unknown, "the Jenkinsfile names sections or steps that exist nowhere");
        assertTrue(used.containsAll(Set.of("pipeline", "stages", "rolloutImpact", "policyRollout", "canaryGate",
                "remediate", "publishExportIndex", "junit")), "the pipeline uses its own steps: " + used);
        assertTrue(Files.readString(JENKINSFILE).contains("gates: 'examples/gates/canary-gates.yaml'"),
                "the canary gates run over the shipped gate set");
    }

    @Test
    void aSyntaxErrorOrAnUnknownStepIsCaught() {
        assertThrowsCompilation("pipeline { stages { stage('x') { steps { sh 'a' } }");
        List<String> names = implicitCalls(parse("pipeline { stages { stage('x') { steps { polciyRollout plan: 'p' } } } }"))
                .stream().map(MethodCallExpression::getMethodAsString).toList();
        assertTrue(names.contains("polciyRollout"), names.toString());
        assertFalse(JENKINS_STEPS.contains("polciyRollout"));
    }

    private static void assertThrowsCompilation(String text) {
        try {
            parse(text);
        } catch (org.codehaus.groovy.control.MultipleCompilationErrorsException expected) {
            return;
        }
        throw new AssertionError("a broken Jenkinsfile parsed");
    }

    /** Our step names: what each descriptor's getFunctionName() returns. */
    static Set<String> pluginSteps() throws IOException {
        Pattern fn = Pattern.compile("getFunctionName\\(\\)\\s*\\{\\s*return\\s+\"(\\w+)\"");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(PLUGIN_SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = fn.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    static ModuleNode parse(String text) {
        CompilationUnit cu = new CompilationUnit();
        SourceUnit su = cu.addSource("Jenkinsfile", text);
        cu.compile(Phases.CONVERSION);
        return su.getAST();
    }

    /** Calls without a receiver ({@code sh '...'}, {@code stage('x') {...}}): sections and steps. */
    static List<MethodCallExpression> implicitCalls(ModuleNode module) {
        List<MethodCallExpression> calls = new ArrayList<>();
        CodeVisitorSupport visitor = new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis()) {
                    calls.add(call);
                }
                super.visitMethodCallExpression(call);
            }
        };
        for (Statement s : module.getStatementBlock().getStatements()) {
            s.visit(visitor);
        }
        return calls;
    }
}
