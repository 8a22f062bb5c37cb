package dev.stagelight.rollout.remediation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How an action is carried out: by the engine itself, by a signed HTTP webhook, or by a command. */
public sealed interface ExecutorSpec {
    /** The engine acts on the rollout of the rules ({@code pause_rollout}, {@code widen_canary} only). */
    record Engine() implements ExecutorSpec {}

    /**
     * A POST of the action as JSON, signed with HMAC-SHA256 over the timestamp and the body (see
     * {@link WebhookSignature}). URL and secret may come from the environment; one that is not set makes every call
     * fail with a message naming the variable (so a dry run works without them, a real run reports the gap).
     *
     * @param url          the endpoint, or null when {@code urlSource}'s variable is not set
     * @param urlSource    where the URL came from ({@code url} or {@code $NAME}), for messages
     * @param secret       the HMAC key, or null when its variable is not set
     * @param secretSource where the secret came from ({@code $NAME}); the secret itself is never printed
     */
    record Webhook(URI url, String urlSource, byte[] secret, String secretSource, Duration timeout)
            implements ExecutorSpec {
        public Webhook {
            Objects.requireNonNull(urlSource, "urlSource");
            Objects.requireNonNull(secretSource, "secretSource");
            Objects.requireNonNull(timeout, "timeout");
            secret = secret == null ? null : secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret == null ? null : secret.clone();
        }

        @Override
        public String toString() {
            return "webhook " + (url == null ? "(" + urlSource + " not set)" : url.toString());
        }
    }

    /**
     * A program run without a shell: {@code argv} plus the action as the last argument ({@code apply} or
     * {@code revert}); the details go in {@code STAGELIGHT_*} environment variables. Exit 0 is success.
     */
    record Command(List<String> argv, Duration timeout) implements ExecutorSpec {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a command needs a program");
            }
        }
    }
}
