package dev.stagelight.rollout.store;

/**
 * A transition was refused because it conflicts with what is stored: another rollout holds a lease on one of its
 * tenants, the rollout already exists, or another process applied a transition first (stale seq).
 */
public class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
