package dev.stagelight.rollout.gate.set;

import java.util.Map;
import java.util.TreeMap;

/** An analysis template named by a gate set or a plan's stage, with its arguments. */
public record TemplateUse(String template, Map<String, String> args) {
    public TemplateUse {
        args = java.util.Collections.unmodifiableMap(new TreeMap<>(args));
    }
}
