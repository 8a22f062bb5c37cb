package dev.stagelight.rollout.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.rollout.events.RolloutEvent;
import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.RolloutStatus;
import dev.stagelight.rollout.state.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What applying a step changes, computed the same way by every store from what is stored now: checks the seq
 * (no lost update), the leases (no tenant in two rollouts), then yields the new file contents.
 */
record StoreUpdate(byte[] state, byte[] assignments, byte[] leases, String events) {
    static final String LEASES_FILE = "leases.json";
    private static final ObjectMapper JSON = StateCodec.mapper();

    private static final java.util.regex.Pattern ROLLOUT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Where a rollout's state lives; the id becomes a path segment, so it must be a plain name. */
    static String statePath(String rolloutId) {
        return rolloutDir(rolloutId) + "/state.json";
    }

    static String rolloutDir(String rolloutId) {
        if (!ROLLOUT_ID.matcher(rolloutId).matches()) {
            throw new IllegalArgumentException("rollout id " + rolloutId + ": expected letters, digits, '.', '_' or '-'");
        }
        return "rollouts/" + rolloutId;
    }

    /** Where a remediation scope's state and evidence live; the scope becomes a path segment too. */
    static String remediationDir(String scope) {
        if (!ROLLOUT_ID.matcher(scope).matches()) {
            throw new IllegalArgumentException("remediation scope " + scope + ": expected letters, digits, '.', '_' or '-'");
        }
        return "remediation/" + scope;
    }

    static void checkRemediationSeq(String scope, long have, long expected) throws ConflictException {
        if (have != expected) {
            throw new ConflictException("remediation " + scope + " changed underneath: stored evaluation " + have
                    + ", this one follows " + expected + " (another controller evaluated meanwhile); evaluate again");
        }
    }

    static StoreUpdate prepare(Step step, Optional<RolloutState> stored, Assignments assignments,
                               SortedMap<String, String> leases) throws ConflictException {
        String id = step.rolloutId();
        long have = stored.map(RolloutState::seq).orElse(0L);
        if (have != step.expectedSeq()) {
            throw new ConflictException(step.expectedSeq() == 0
                    ? "rollout " + id + " already exists (at transition " + have + "); choose another rollout_id"
                    : "rollout " + id + " changed underneath: stored transition " + have + ", this step follows "
                    + step.expectedSeq() + " (another process advanced it); reload and retry");
        }
        SortedMap<String, String> newLeases = new TreeMap<>(leases);
        if (step.expectedSeq() == 0) {
            for (String tenant : step.state().baseline().keySet()) {
                String holder = leases.get(tenant);
                if (holder != null && !holder.equals(id)) {
                    throw new ConflictException("tenant " + tenant + " is already in rollout " + holder
                            + "; two rollouts may not touch the same tenant (finish or roll back " + holder + " first)");
                }
                newLeases.put(tenant, id);
            }
        }
        RolloutStatus status = step.state().status();
        if (status == RolloutStatus.COMPLETED || status == RolloutStatus.ROLLED_BACK) {
            newLeases.values().removeIf(id::equals);
        }
        StringBuilder events = new StringBuilder();
        for (RolloutEvent e : step.events()) {
            events.append(e.toJsonLine()).append('\n');
        }
        return new StoreUpdate(StateCodec.write(step.state()), assignments.with(step.changes()).toYaml(),
                writeLeases(newLeases), events.toString());
    }

    static byte[] writeLeases(SortedMap<String, String> leases) {
        try {
            return (JSON.writeValueAsString(Map.of("leases", leases)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SortedMap<String, String> readLeases(byte[] bytes, String source) throws StoreException {
        if (bytes == null) {
            return new TreeMap<>();
        }
        try {
            Map<String, Map<String, String>> doc = JSON.readValue(bytes, new TypeReference<>() {});
            return new TreeMap<>(doc.getOrDefault("leases", Map.of()));
        } catch (IOException e) {
            throw new StoreException(source + ": /leases: expected a mapping tenant -> rollout id: " + e.getMessage(), e);
        }
    }

    /** The commit-message / log line of a step: what happened, to which rollout, by whom. */
    static String summary(Step step) {
        return step.rolloutId() + ": " + step.action() + (step.stage() == null ? "" : " stage " + step.stage())
                + " -> " + step.state().status().wire();
    }
}
