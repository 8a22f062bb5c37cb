package dev.stagelight.rollout.evidence;

import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.bench.GenerateIndex;
import dev.stagelight.rollout.cohort.TargetScopes;
import dev.stagelight.rollout.engine.RolloutEngine;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.plan.RolloutPlan;
import dev.stagelight.rollout.plan.RolloutPlans;
import dev.stagelight.rollout.policy.PolicyLibrary;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.StageObservations;
import dev.stagelight.rollout.store.DirectoryStore;
import dev.stagelight.rollout.strategy.StrategyPlan;
import dev.stagelight.rollout.strategy.StrategyPlanner;
import dev.stagelight.rollout.tenant.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Benchmark: the evidence of the examples' 4-stage rollout (rollout-789: canary, early-adopters, majority, full;
 * every decision from creation to completion) appended in one batch to a large index; prints the manifests, the
 * time (signing, append, read-back verification) and the files written.
 * <pre>
 *   EvidenceBench DIR [ENTRIES] [EXAMPLES] [ORIGINAL]
 * </pre>
 * DIR holds (or gets, by {@link GenerateIndex}, continued up to ENTRIES) {@code keys/} and {@code index/}. With
 * ORIGINAL, DIR is a hard-linked copy of that folder ({@code cp -al}) and is appended to as it is (no generation):
 * safe because every file the append path writes (side files, entry bundles with the partial one, hash tiles with the
 * partial ones, digest shards, journal, checkpoint) is a new file linked or renamed into place, never rewritten in
 * place. The bench checks that after the append: no file it wrote shares its inode with ORIGINAL's file of that name,
 * and ORIGINAL's checkpoint is unchanged.
 */
public final class EvidenceBench {
    private EvidenceBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EvidenceBench DIR [ENTRIES] [EXAMPLES]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long entries = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        Path ex = Path.of(args.length > 2 ? args[2] : "examples/rollout");
        Path original = args.length > 3 ? Path.of(args[3]) : null;
        Path index = dir.resolve("index");
        if (original != null && !Files.isRegularFile(index.resolve("checkpoint"))) {
            throw new IllegalArgumentException(dir + ": no index/checkpoint in the copy of " + original);
        }
        long size = Files.exists(index.resolve("checkpoint"))
                ? Long.parseLong(Files.readAllLines(index.resolve("checkpoint")).get(1)) : 0;
        byte[] originalCheckpoint = original == null ? null
                : Files.readAllBytes(original.resolve("index/checkpoint"));
        // ORIGINAL's checkpoint is written after every other file of it: a file no newer was not written by us
        FileTime originalWritten = original == null ? null
                : Files.getLastModifiedTime(original.resolve("index/checkpoint"));
        if (original == null && size < entries) {
            GenerateIndex.main(new String[] {dir.toString(), Long.toString(entries), "50000", "32"});
            size = Long.parseLong(Files.readAllLines(index.resolve("checkpoint")).get(1));
        }

        Tenants tenants = Tenants.load(ex.resolve("tenants.yaml"), Strictness.STRICT);
        PolicyLibrary policies = PolicyLibrary.load(ex.resolve("policies"), Strictness.STRICT);
        RolloutPlan plan = RolloutPlans.read(InputLoader.load(ex.resolve("rollout-789.json"), Strictness.STRICT), tenants,
                policies).value();
        StrategyPlan sp = StrategyPlanner.plan(plan, tenants.all(), TargetScopes.of(policies, plan.policySet(), plan.toVersion()));
        EvidenceRecorder recorder = new EvidenceRecorder();
        Path storeDir = Files.createTempDirectory("stagelight-evidence-bench-store");
        RolloutState s;
        try (DirectoryStore store = DirectoryStore.open(storeDir)) {
            s = run(new RolloutEngine(store, e -> {}, recorder), sp);
        }
        if (s.status() != RolloutStatus.COMPLETED) {
            throw new IllegalStateException("bench rollout ended " + s.status().wire());
        }
        int manifests = recorder.size();
        EvidenceIndex target = new EvidenceIndex(index, dir.resolve("keys/signing.key.pem"), dir.resolve("keys/log.key"),
                Clock.systemUTC());
        long t0 = System.nanoTime();
        Appender.Result r = recorder.publish(target);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "evidence: %d manifests of a %d-stage rollout (%s) appended to a %,d-entry index"
                        + " in %.2f s (sign, append, read back), %d files written (%s), tree size now %,d%n",
                manifests, sp.specs().size(), plan.rolloutId(), size, seconds, r.written().size(), kinds(r), r.checkpoint().size());
        r.verification().ifPresent(v -> System.out.println("evidence: read back " + v.filesRead() + " files"));
        if (original != null) {
            System.out.println("evidence: " + untouched(original, dir, r, originalCheckpoint, originalWritten));
        }
    }

    /** Checks that the append through the hard-linked copy left ORIGINAL as it was; says what was checked. */
    static String untouched(Path original, Path copy, Appender.Result r, byte[] checkpointBefore, FileTime written)
            throws Exception {
        int replaced = 0, kept = 0;
        for (String p : r.written()) {
            Path o = original.resolve("index").resolve(p);
            if (!Files.exists(o)) {
                continue;
            }
            if (!Files.isSameFile(o, copy.resolve("index").resolve(p))) {
                replaced++;
            } else if (Files.getLastModifiedTime(o).compareTo(written) <= 0) {
                kept++; // an immutable file that already held the same bytes: compared, not written
            } else {
                throw new IllegalStateException(p + " was written in place through a hard link: " + o + " changed");
            }
        }
        if (!java.util.Arrays.equals(checkpointBefore, Files.readAllBytes(original.resolve("index/checkpoint")))) {
            throw new IllegalStateException(original + "/index/checkpoint changed during the bench");
        }
        return "original " + original + " untouched: of the " + r.written().size() + " paths written, " + replaced
                + " existed there and are new files in the copy, " + kept + " held the same bytes already (not"
                + " rewritten), the rest are new; its checkpoint is unchanged";
    }

    /** The whole rollout on an accelerated clock with healthy observations: every decision it makes. */
    static RolloutState run(RolloutEngine engine, StrategyPlan sp) throws Exception {
        String id = sp.plan().rolloutId();
        Instant t = Instant.parse("2024-12-29T10:00:00Z");
        StageObservations healthy = StageObservations.of(900, 3, 0.12, 0.13, 0);
        engine.create(sp, t, "platform-admin@acme.example");
        engine.approve(id, "policy-admin@acme.example", "Impact acceptable.", t);
        RolloutState s = engine.advance(id, t, StageObservations.unavailable(Set.of()));
        for (int i = 0; i < 16 && !s.status().terminal(); i++) {
            t = t.plus(Duration.ofHours(48));
            if (s.awaitingApproval()) {
                engine.approve(id, "policy-admin@acme.example", "Stage clean.", t);
            }
            s = engine.advance(id, t, healthy);
        }
        return s;
    }

    private static String kinds(Appender.Result r) {
        java.util.Map<String, Integer> by = new java.util.TreeMap<>();
        for (String p : r.written()) {
            String k = p.startsWith("tile/entries/") ? "entry bundles" : p.startsWith("tile/") ? "hash tiles"
                    : p.startsWith("manifests/") ? "manifests+envelopes" : p.startsWith("api/") ? "digest shards" : p;
            by.merge(k, 1, Integer::sum);
        }
        return by.toString();
    }
}
