package dev.stagelight.rollout.policy;

/**
 * One line of a {@code changes_from_<version>} list, e.g. {@code added: block-kev-vulnerabilities} or
 * {@code modified: critical-threshold (9.0 → 8.5)}; documentation for reviewers, not used in evaluation.
 */
public record PolicyChange(String fromVersion, String kind, String text) {}
