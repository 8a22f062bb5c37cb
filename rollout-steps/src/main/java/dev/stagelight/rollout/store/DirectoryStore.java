package dev.stagelight.rollout.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.Step;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * The embedded store: a plain directory.
 * <pre>
 *   assignments.yaml                      tenant -> policy set -> version
 *   leases.json                           tenant -> rollout id holding it
 *   rollouts/&lt;id&gt;/state.json              the rollout's state
 *   rollouts/&lt;id&gt;/events/&lt;seq&gt;.jsonl      events of transition &lt;seq&gt; (immutable)
 *   journal.json                          the step being applied (present only mid-step)
 *   remediation/&lt;scope&gt;/state.json        a remediation controller's state and seq
 *   remediation/&lt;scope&gt;/evidence/&lt;seq&gt;.jsonl  evidence of evaluation &lt;seq&gt;
 * </pre>
 * Each file is replaced atomically, but a step touches several files, so a step is applied in this order:
 * (1) the intent, {@code journal.json}, holding every file's new content; (2) the events file; (3) the assignments;
 * (4) the leases; (5) the state, which carries the new seq; (6) the journal is deleted. A crash before (1) completes
 * leaves the old step; a crash after it is finished by replaying the journal (every write is idempotent: same bytes
 * to the same files), which {@link #open} and every {@link #apply} do first. So no tenant is lost or applied twice.
 */
public final class DirectoryStore implements RolloutStore {
    private static final String JOURNAL = "journal.json";
    private static final ObjectMapper JSON = StateCodec.mapper();
    private final Path root;

    private DirectoryStore(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the store in {@code root} and finishes a step a crashed process left half done. */
    public static DirectoryStore open(Path root) throws StoreException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StoreException(root + ": cannot create the store directory: " + e.getMessage(), e);
        }
        DirectoryStore store = new DirectoryStore(root);
        StoreLock.with(root.resolve(".lock"), () -> {
            store.replayJournal();
            return null;
        });
        return store;
    }

    @Override
    public void apply(Step step) throws StoreException {
        StoreLock.with(root.resolve(".lock"), () -> {
            replayJournal();
            StoreUpdate u = StoreUpdate.prepare(step, load(step.rolloutId()), assignments(), leases());
            List<Map<String, Object>> files = new ArrayList<>();
            if (!u.events().isEmpty()) {
                files.add(file(eventsPath(step.rolloutId(), step.state().seq()), u.events(), true));
            }
            files.add(file(Assignments.FILE, new String(u.assignments(), StandardCharsets.UTF_8), false));
            files.add(file(StoreUpdate.LEASES_FILE, new String(u.leases(), StandardCharsets.UTF_8), false));
            files.add(file(StoreUpdate.statePath(step.rolloutId()), new String(u.state(), StandardCharsets.UTF_8), false));
            try {
                CrashPoints.reach("dir.before-intent");
                AtomicFiles.replace(root.resolve(JOURNAL), JSON.writeValueAsBytes(Map.of("step", StoreUpdate.summary(step),
                        "files", files)));
                CrashPoints.reach("dir.intent-written");
            } catch (IOException e) {
                throw new StoreException(root.resolve(JOURNAL) + ": cannot write the intent: " + e.getMessage(), e);
            }
            replayJournal();
            return null;
        });
    }

    /** Writes every file the journal names, in its order, then deletes it. Idempotent; a no-op without a journal. */
    private void replayJournal() throws StoreException {
        Path journal = root.resolve(JOURNAL);
        byte[] bytes = readOrNull(journal);
        if (bytes == null) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> files = (List<Map<String, Object>>) JSON.readValue(bytes, Map.class).get("files");
            for (Map<String, Object> f : files) {
                Path target = root.resolve((String) f.get("path"));
                byte[] content = ((String) f.get("content")).getBytes(StandardCharsets.UTF_8);
                if (Boolean.TRUE.equals(f.get("immutable"))) {
                    AtomicFiles.createImmutable(target, content);
                } else {
                    AtomicFiles.replace(target, content);
                }
                CrashPoints.reach("dir.wrote " + f.get("path"));
            }
            Files.delete(journal);
            CrashPoints.reach("dir.intent-deleted");
        } catch (IOException | ClassCastException | NullPointerException e) {
            throw new StoreException(journal + ": cannot finish the interrupted step: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RolloutState> load(String rolloutId) throws StoreException {
        Path p = root.resolve(StoreUpdate.statePath(rolloutId));
        byte[] b = readOrNull(p);
        return b == null ? Optional.empty() : Optional.of(StateCodec.read(b, p.toString()));
    }

    @Override
    public List<String> rolloutIds() throws StoreException {
        Path dir = root.resolve("rollouts");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("state.json"))).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot list rollouts: " + e.getMessage(), e);
        }
    }

    @Override
    public Assignments assignments() throws StoreException {
        Path p = root.resolve(Assignments.FILE);
        byte[] b = readOrNull(p);
        return b == null ? Assignments.EMPTY : Assignments.parse(b, p.toString());
    }

    @Override
    public SortedMap<String, String> leases() throws StoreException {
        Path p = root.resolve(StoreUpdate.LEASES_FILE);
        return StoreUpdate.readLeases(readOrNull(p), p.toString());
    }

    @Override
    public List<String> events(String rolloutId) throws StoreException {
        Path dir = root.resolve(StoreUpdate.rolloutDir(rolloutId)).resolve("events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> !AtomicFiles.isTempFile(p)).sorted().toList()) {
                Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).forEach(lines::add);
            }
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot read events: " + e.getMessage(), e);
        }
        return lines;
    }

    @Override
    public RemediationRecord remediation(String scope) throws StoreException {
        Path statePath = root.resolve(StoreUpdate.remediationDir(scope)).resolve("state.json");
        byte[] b = readOrNull(statePath);
        if (b == null) {
            return RemediationRecord.EMPTY;
        }
        try {
            Map<?, ?> doc = JSON.readValue(b, Map.class);
            return new RemediationRecord(((Number) doc.get("seq")).longValue(), (String) doc.get("state"));
        } catch (IOException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new StoreException(statePath + ": expected {\"seq\": n, \"state\": \"...\"}: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> remediationEvidence(String scope) throws StoreException {
        Path dir = root.resolve(StoreUpdate.remediationDir(scope));
        long seq = remediation(scope).seq();
        // Only chunks up to the stored seq count: a higher one is what a killed writer left before its state landed.
        List<String> lines = new ArrayList<>();
        for (long i = 1; i <= seq; i++) {
            Path chunk = dir.resolve(remediationChunk(i));
            byte[] c = readOrNull(chunk);
            if (c == null) {
                throw new StoreException(chunk + ": missing evidence of evaluation " + i + " (the log must stay whole)");
            }
            new String(c, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).forEach(lines::add);
        }
        return lines;
    }

    /**
     * Evidence first, state last: the evidence chunk of evaluation n+1 becomes part of the log only when the state
     * says seq n+1, so a writer killed between the two leaves the old record (its orphan chunk is replaced by the next
     * writer, under the lock). Old chunks are never rewritten.
     */
    @Override
    public void recordRemediation(String scope, long expectedSeq, String state, List<String> evidence, java.time.Instant at)
            throws StoreException {
        String text = RemediationRecord.text(evidence);
        Path dir = root.resolve(StoreUpdate.remediationDir(scope));
        StoreLock.with(root.resolve(".lock"), () -> {
            StoreUpdate.checkRemediationSeq(scope, remediation(scope).seq(), expectedSeq);
            long seq = expectedSeq + 1;
            Path chunk = dir.resolve(remediationChunk(seq));
            try {
                Files.createDirectories(chunk.getParent());
                AtomicFiles.replace(chunk, text.getBytes(StandardCharsets.UTF_8));
                CrashPoints.reach("dir.remediation-evidence-written");
                AtomicFiles.replace(dir.resolve("state.json"), JSON.writeValueAsBytes(Map.of("seq", seq, "state", state)));
            } catch (IOException e) {
                throw new StoreException(dir + ": cannot record remediation evaluation " + seq + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    private static String remediationChunk(long seq) {
        return "evidence/" + String.format("%010d", seq) + ".jsonl";
    }

    @Override
    public String describe() {
        return "directory store " + root;
    }

    @Override
    public void close() {
        // Nothing is held between calls.
    }

    private static String eventsPath(String rolloutId, long seq) {
        return StoreUpdate.rolloutDir(rolloutId) + "/events/" + String.format("%010d", seq) + ".jsonl";
    }

    private static Map<String, Object> file(String path, String content, boolean immutable) {
        return Map.of("path", path, "content", content, "immutable", immutable);
    }

    private static byte[] readOrNull(Path p) throws StoreException {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(p + ": cannot read: " + e.getMessage(), e);
        }
    }
}
