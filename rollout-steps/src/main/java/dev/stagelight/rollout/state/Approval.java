package dev.stagelight.rollout.state;

import java.time.Instant;

/** Who approved what and when; {@code stage} is the stage the approval lets start (or resume). */
public record Approval(String approvedBy, Instant approvedAt, String notes, String stage) {}
