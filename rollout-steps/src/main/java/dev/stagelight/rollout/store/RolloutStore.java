package dev.stagelight.rollout.store;

import dev.stagelight.rollout.state.RolloutState;
import dev.stagelight.rollout.state.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where rollouts live: tenant assignments, each rollout's state and events, and tenant leases. A store applies a
 * {@link Step} entirely or not at all, and only when the stored state still has the seq the step was computed
 * from; a process killed at any point leaves a store that recovers to the state before or after the
 * step, never between, once the store is opened again.
 *
 * <p>Leases: a rollout holds every tenant of its baseline from its creation until it ends ({@code completed} or
 * {@code rolled_back}; a {@code failed} rollout keeps them, since its tenants need manual intervention). Creating a
 * rollout that touches a leased tenant is refused with a {@link ConflictException} naming tenant and holder.
 */
public interface RolloutStore extends AutoCloseable {

    /** Applies the step (assignments, state, events, leases) atomically with respect to crashes and other writers. */
    void apply(Step step) throws StoreException;

    Optional<RolloutState> load(String rolloutId) throws StoreException;

    List<String> rolloutIds() throws StoreException;

    Assignments assignments() throws StoreException;

    /** tenant -> rollout id holding it. */
    Map<String, String> leases() throws StoreException;

    /** The rollout's events, one JSON object per line, in the order they happened. */
    List<String> events(String rolloutId) throws StoreException;

    /** The remediation state of {@code scope} (a plain name, as a rollout id), {@link RemediationRecord#EMPTY} if none. */
    RemediationRecord remediation(String scope) throws StoreException;

    /** The scope's evidence log: every line of every write, oldest first (reads the whole log). */
    List<String> remediationEvidence(String scope) throws StoreException;

    /**
     * Appends {@code evidence} (one JSON object per line) to the scope's log and replaces its state, both or neither,
     * and only when the stored seq is still {@code expectedSeq} (else a {@link ConflictException}: another controller
     * evaluated meanwhile). The new seq is {@code expectedSeq + 1}; {@code at} is the evaluation time (a git store's
     * commit time).
     */
    void recordRemediation(String scope, long expectedSeq, String state, List<String> evidence, java.time.Instant at) throws StoreException;

    /** A human-readable location (directory, repository) for messages. */
    String describe();

    @Override
    void close() throws StoreException;
}
