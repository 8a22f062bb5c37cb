package dev.stagelight.rollout.plan;

/** Where rollout news goes, e.g. {@code slack} → {@code #platform-engineering}. */
public record Notification(String channel, String target) {}
