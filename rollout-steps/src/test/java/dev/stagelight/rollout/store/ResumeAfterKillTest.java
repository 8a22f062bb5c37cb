package dev.stagelight.rollout.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resume proof: a separate JVM runs a whole rollout and is killed by a real SIGKILL, either sent to itself at
 * crash point N (for many N spread over every transition) or sent by this test at moments that fall anywhere,
 * including inside JGit's and the file system's own writes; a new process then resumes from the store. The result
 * must be exactly that of an uninterrupted run: same assignments, same state, same events (so no tenant lost or
 * applied twice), and for the git store the very same commits.
 */
class ResumeAfterKillTest {
    private static final int MIN_POINTS = 30;
    private static final int SIGKILLED = 128 + 9;
    /** External kills: scenario, the engine call after which the clock starts, and the delay (ms) before SIGKILL. */
    private static final List<Object[]> EXTERNAL = List.of(
            new Object[] {"ok", 1, 3}, new Object[] {"ok", 4, 11}, new Object[] {"ok", 6, 0},
            new Object[] {"rollback", 2, 7}, new Object[] {"rollback", 5, 19}, new Object[] {"rollback", 7, 1});
    /** Children are short-lived: C1 only and the serial collector start faster and change nothing about a kill. */
    private static final List<String> CHILD_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path dir;

    record Outcome(String assignments, String state, List<String> events, List<String> commits) {}

    @ParameterizedTest
    @ValueSource(strings = {"dir", "git"})
    void killedAtAnyPointResumesToTheSameResult(String kind) throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String scenario : List.of("ok", "rollback")) {
            int before = CrashPoints.reached();
            Outcome reference = runInProcess(kind, dir.resolve("ref-" + scenario), scenario);
            int points = CrashPoints.reached() - before;
            assertTrue(points > 10, "a rollout passes many crash points, got " + points);
            // Every point where there are few (git: ~30 per rollout), an even spread of 20 where there are many.
            for (int n : points <= 32 ? spread(points, points) : spread(points, 20)) {
                cases.add(new String[] {scenario, Integer.toString(n)});
            }
            if (scenario.equals("rollback")) {
                assertTrue(reference.events().stream().anyMatch(e -> e.contains("\"rollout.rollback\"")));
            }
        }
        assertTrue(cases.size() >= MIN_POINTS, "killed at " + cases.size() + " points");
        for (String[] c : cases) {
            String scenario = c[0];
            int n = Integer.parseInt(c[1]);
            Path store = dir.resolve("kill-" + scenario + "-" + n);
            Process p = child(kind, store, scenario, null, n);
            String err = new String(p.getErrorStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(SIGKILLED, p.exitValue(), "killed at point " + n + ": " + err);
            assertTrue(err.contains("SIGKILL at crash point " + n + " "), err);
            assertResumesToTheReference(kind, store, scenario, "killed at point " + n);
        }
        int killed = 0;
        for (Object[] e : EXTERNAL) {
            String scenario = (String) e[0];
            Path store = dir.resolve("sigkill-" + scenario + "-" + e[1] + "-" + e[2]);
            Process p = child(kind, store, scenario, null, -1);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("call " + e[1]); line = out.readLine()) {
                // wait until the child has made that many engine calls
            }
            Thread.sleep((Integer) e[2]);
            CrashPoints.sigkill(p.pid());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String where = "SIGKILL " + e[2] + " ms after call " + e[1];
            assertTrue(p.exitValue() == SIGKILLED || p.exitValue() == 0, where + ": exit " + p.exitValue());
            killed += p.exitValue() == SIGKILLED ? 1 : 0;
            assertResumesToTheReference(kind, store, scenario, where);
        }
        assertTrue(killed >= EXTERNAL.size() / 2, "most external kills land before the child finishes: " + killed);
    }

    private void assertResumesToTheReference(String kind, Path store, String scenario, String how) throws Exception {
        Outcome resumed = runInProcess(kind, store, scenario);
        Outcome reference = outcome(kind, dir.resolve("ref-" + scenario));
        String where = kind + " store " + how + " of scenario " + scenario;
        assertEquals(reference.assignments(), resumed.assignments(), where);
        assertEquals(reference.events(), resumed.events(), where);
        assertEquals(reference.state(), resumed.state(), where);
        assertEquals(reference.commits(), resumed.commits(), where);
        assertNoTenantActivatedTwice(resumed.events());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir", "git"})
    void twoProcessesRacingForTheSameTenantsOneWins(String kind) throws Exception {
        Path store = dir.resolve("race");
        Process a = child(kind, store, "ok", "rollout-a", -1);
        Process b = child(kind, store, "ok", "rollout-b", -1);
        String errA = new String(a.getErrorStream().readAllBytes());
        String errB = new String(b.getErrorStream().readAllBytes());
        assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
        Set<Integer> codes = new TreeSet<>(List.of(a.exitValue(), b.exitValue()));
        assertEquals(Set.of(0, 3), codes, "exactly one rollout gets the tenants: " + errA + errB);
        String loser = a.exitValue() == 3 ? errA : errB;
        assertTrue(loser.contains("is already in rollout rollout-"), loser);
        try (RolloutStore s = ResumeDriver.open(kind, store)) {
            assertEquals(1, s.rolloutIds().size());
        }
    }

    private static void assertNoTenantActivatedTwice(List<String> events) {
        Pattern tenants = Pattern.compile("\"tenants\":\\[([^\\]]*)\\]");
        List<String> all = new ArrayList<>();
        for (String e : events) {
            if (e.contains("\"event\":\"rollout.stage.started\"")) {
                Matcher m = tenants.matcher(e);
                assertTrue(m.find(), e);
                for (String t : m.group(1).split(",")) {
                    if (!t.isBlank()) {
                        all.add(t);
                    }
                }
            }
        }
        assertEquals(all.size(), new TreeSet<>(all).size(), "a tenant was activated twice: " + all);
    }

    /** n points spread over 1..points, always including the first and the last. */
    static List<Integer> spread(int points, int n) {
        TreeSet<Integer> picks = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            picks.add(1 + (int) Math.round((double) i * (points - 1) / (n - 1)));
        }
        return new ArrayList<>(picks);
    }

    /** A driver JVM; with {@code killAt > 0} it SIGKILLs itself at that crash point; its stdout is read only when not. */
    private Process child(String kind, Path store, String scenario, String createOnly, int killAt) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(CHILD_JVM);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ResumeDriver.class.getName(), kind,
                store.toString(), scenario));
        if (createOnly != null) {
            cmd.add(createOnly);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (killAt > 0 || createOnly != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        if (killAt > 0) {
            pb.environment().put(CrashPoints.ENV, Integer.toString(killAt));
        } else {
            pb.environment().remove(CrashPoints.ENV);
        }
        return pb.start();
    }

    private static Outcome runInProcess(String kind, Path store, String scenario) throws Exception {
        try (RolloutStore s = ResumeDriver.open(kind, store)) {
            ResumeDriver.run(s, scenario);
        }
        return outcome(kind, store);
    }

    private static Outcome outcome(String kind, Path store) throws Exception {
        try (RolloutStore s = ResumeDriver.open(kind, store)) {
            List<String> commits = new ArrayList<>();
            if (s instanceof GitStore g) {
                try (RevWalk rw = new RevWalk(g.repository())) {
                    rw.markStart(rw.parseCommit(g.head()));
                    for (RevCommit c : rw) {
                        commits.add(c.name() + " " + c.getShortMessage());
                    }
                }
            }
            return new Outcome(new String(s.assignments().toYaml()),
                    new String(StateCodec.write(s.load("rollout-789").orElseThrow())), s.events("rollout-789"), commits);
        }
    }
}
