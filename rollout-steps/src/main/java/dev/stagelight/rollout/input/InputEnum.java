package dev.stagelight.rollout.input;

import java.util.Locale;

/**
 * An enum read from input. Its spelling in files defaults to the lower-case constant name
 * ({@code BLUE_GREEN} is written {@code blue_green}); enums whose files use another spelling override it.
 */
public interface InputEnum {
    String name();

    default String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
