package dev.stagelight.rollout.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts an action (or a Slack-compatible notification) as JSON, signed per {@link WebhookSignature} with the
 * sending time from {@code clock} (the receiver's freshness check compares it with its own clock, so this is the
 * wall clock even when the evaluation reads an older time). 2xx is success; 5xx, 429, timeouts and failed
 * connections may be retried; other answers are final.
 */
public final class WebhookExecutor implements ActionExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final ExecutorSpec.Webhook spec;
    private final Clock clock;

    public WebhookExecutor(ExecutorSpec.Webhook spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public ExecutionResult execute(ActionRequest r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", r.scope());
        body.put("evaluation", r.evaluation());
        body.put("action", r.kind().spelling());
        body.put("operation", r.revert() ? "revert" : "apply");
        body.put("name", r.operationName());
        body.put("rule", r.rule());
        body.put("reason", r.reason());
        body.put("rollout_id", r.rolloutId());
        body.put("at", r.at().toString());
        body.put("values", r.values());
        return post(body, r.delivery());
    }

    /** Sends {@code body} as JSON, signed; {@code delivery} goes in {@link WebhookSignature#DELIVERY_HEADER}. */
    public ExecutionResult post(Map<String, Object> body, String delivery) {
        if (spec.url() == null) {
            return ExecutionResult.permanent("webhook URL not set: " + spec.urlSource() + " is empty or unset");
        }
        if (spec.secret() == null) {
            return ExecutionResult.permanent("webhook secret not set: " + spec.secretSource()
                    + " is empty or unset (webhooks are always signed)");
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ExecutionResult.permanent("cannot encode the body: " + e.getMessage());
        }
        long ts = clock.instant().getEpochSecond();
        HttpRequest req = HttpRequest.newBuilder(spec.url())
                .timeout(spec.timeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(spec.secret(), ts, bytes))
                .header(WebhookSignature.DELIVERY_HEADER, delivery)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            int s = resp.statusCode();
            String text = "HTTP " + s + excerpt(resp.body());
            if (s >= 200 && s < 300) {
                return ExecutionResult.ok(text);
            }
            return s >= 500 || s == 429 ? ExecutionResult.retryable(text) : ExecutionResult.permanent(text);
        } catch (HttpTimeoutException e) {
            return ExecutionResult.retryable("no answer within " + spec.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return ExecutionResult.retryable("connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecutionResult.permanent("interrupted");
        }
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.isEmpty() ? "" : ": " + (b.length() > 120 ? b.substring(0, 120) + "..." : b);
    }

    @Override
    public String describe() {
        return spec.toString();
    }
}
