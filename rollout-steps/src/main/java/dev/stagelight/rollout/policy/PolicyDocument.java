package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.input.InputException;
import java.util.Map;

/**
 * A loaded policy file with the positions of its rule entries, so that inheritance errors found later (overriding a
 * rule the parent does not have) still point at the line and column in the file.
 */
record PolicyDocument(PolicySet set, String scopeId, Map<String, int[]> positions) {
    InputException error(String section, String ruleName, String problem) {
        int[] p = positions.getOrDefault(section + "/" + ruleName, new int[] {0, 0, 0});
        return new InputException(set.source(), p[0], p[1], "/" + section + "/" + p[2], problem);
    }

    RuleOrigin origin() {
        return new RuleOrigin(set.level(), scopeId, set.source());
    }
}
