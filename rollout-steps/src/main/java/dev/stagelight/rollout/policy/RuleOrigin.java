package dev.stagelight.rollout.policy;

/**
 * Where an effective rule came from: the level, the id at that level ({@code acme-corp}, a team or project id; empty
 * for the platform default) and the file.
 */
public record RuleOrigin(PolicyLevel level, String scopeId, String source) {
    @Override
    public String toString() {
        return level.spelling() + (scopeId.isEmpty() ? "" : " " + scopeId) + " (" + source + ")";
    }
}
