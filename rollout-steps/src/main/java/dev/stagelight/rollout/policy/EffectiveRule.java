package dev.stagelight.rollout.policy;

import java.util.Optional;

/** A rule as it applies to one tenant, with the level that defined it and, if it overrode one, where that was. */
public record EffectiveRule(Rule rule, RuleOrigin origin, Optional<RuleOrigin> overrode) {}
