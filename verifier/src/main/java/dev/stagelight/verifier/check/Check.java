package dev.stagelight.verifier.check;

import java.util.Objects;

/**
 * One verified fact or one failure.
 *
 * @param name    stable identifier of what was checked (e.g. {@code checkpoint-signature}, {@code entry-chain})
 * @param status  outcome
 * @param message what was checked or what is wrong, naming the file or URL and the field
 */
public record Check(String name, CheckStatus status, String message) {
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static Check ok(String name, String message) {
        return new Check(name, CheckStatus.OK, message);
    }

    public static Check failed(String name, String message) {
        return new Check(name, CheckStatus.FAILED, message);
    }

    public static Check skipped(String name, String message) {
        return new Check(name, CheckStatus.SKIPPED, message);
    }
}
