package dev.stagelight.rollout.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed webhooks against a real local HTTP server that checks every signature and refuses replays. */
class WebhookExecutorTest {
    static final byte[] SECRET = "s3cret-for-tests".getBytes(StandardCharsets.UTF_8);
    SignedWebhookServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SignedWebhookServer(SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ActionRequest request() {
        return new ActionRequest("canary-slo", 7, ActionKind.SCALE_OUT, false, "slow-canary", "remediation: slow",
                "rollout-789", Instant.parse("2026-01-01T06:05:00Z"), Map.of("latency_p95", 0.6), null,
                "canary-slo/7/scale_out/apply");
    }

    ExecutorSpec.Webhook spec(byte[] secret) {
        return new ExecutorSpec.Webhook(server.url("/scale"), "url", secret, "$SECRET", Duration.ofSeconds(5));
    }

    @Test
    void theSignatureIsHmacSha256OverTimestampDotBodyAndTheServerAcceptsIt() throws Exception {
        ExecutionResult r = new WebhookExecutor(spec(SECRET), Clock.systemUTC()).execute(request());
        assertTrue(r.ok(), r.message());
        assertEquals("HTTP 200: ok", r.message());
        SignedWebhookServer.Received got = server.accepted("/scale").get(0);
        String ts = got.headers().get("X-stagelight-timestamp").get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(got.body()));
        assertEquals(expected, got.headers().get("X-stagelight-signature").get(0));
        assertEquals("canary-slo/7/scale_out/apply", got.headers().get("X-stagelight-delivery").get(0));
        assertTrue(got.text().contains("\"name\":\"scale_out\""), got.text());
        assertTrue(got.text().contains("\"latency_p95\":0.6"), got.text());
    }

    @Test
    void aReplayedRequestIsRefused() throws Exception {
        new WebhookExecutor(spec(SECRET), Clock.systemUTC()).execute(request());
        SignedWebhookServer.Received got = server.accepted("/scale").get(0);
        HttpRequest replay = HttpRequest.newBuilder(server.url("/scale"))
                .header(WebhookSignature.TIMESTAMP_HEADER, got.headers().get("X-stagelight-timestamp").get(0))
                .header(WebhookSignature.SIGNATURE_HEADER, got.headers().get("X-stagelight-signature").get(0))
                .POST(HttpRequest.BodyPublishers.ofByteArray(got.body())).build();
        HttpResponse<String> resp = HttpClient.newHttpClient().send(replay, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, resp.statusCode());
        assertEquals("replay: this signature was already accepted", resp.body());
        assertEquals(1, server.accepted("/scale").size());
    }

    @Test
    void aStaleTimestampAWrongSecretAndAnAlteredBodyAreRefused() throws Exception {
        Clock old = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        ExecutionResult stale = new WebhookExecutor(spec(SECRET), old).execute(request());
        assertFalse(stale.ok());
        assertFalse(stale.retryable(), "a 401 will not change on retry");
        assertTrue(stale.message().startsWith("HTTP 401: timestamp"), stale.message());
        ExecutionResult wrong = new WebhookExecutor(spec("other".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC())
                .execute(request());
        assertEquals("HTTP 401: signature does not match the timestamp and body", wrong.message());
        long ts = Instant.now().getEpochSecond();
        byte[] body = "{\"name\":\"scale_out\"}".getBytes(StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign(SECRET, ts, body);
        assertThrows(SecurityException.class, () -> WebhookSignature.check(SECRET, Long.toString(ts), sig,
                "{\"name\":\"scale_in\"}".getBytes(StandardCharsets.UTF_8), Instant.now(), Duration.ofMinutes(5)));
        assertTrue(server.accepted("/scale").isEmpty());
    }

    @Test
    void unavailableIsRetriedThenSucceedsAndAnUnsetSecretIsReportedNotSent() {
        server.failNext("/scale", 2);
        List<Duration> sleeps = new java.util.ArrayList<>();
        ExecutionResult r = Retrying.run(new WebhookExecutor(spec(SECRET), Clock.systemUTC()), request(),
                new RemediationRules.Retry(3, Duration.ofMillis(100)), sleeps::add);
        assertTrue(r.ok(), r.message());
        assertEquals(3, r.attempts());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeps);

        server.failNext("/scale", 5);
        ExecutionResult down = Retrying.run(new WebhookExecutor(spec(SECRET), Clock.systemUTC()), request(),
                new RemediationRules.Retry(2, Duration.ZERO), d -> { });
        assertFalse(down.ok());
        assertEquals("HTTP 503: try later", down.message());
        assertEquals(2, down.attempts());

        ExecutionResult unset = new WebhookExecutor(spec(null), Clock.systemUTC()).execute(request());
        assertEquals("webhook secret not set: $SECRET is empty or unset (webhooks are always signed)", unset.message());
    }

    @Test
    void aConnectionRefusedIsRetryable() throws Exception {
        URI nobody;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/x");
        }
        ExecutionResult r = new WebhookExecutor(new ExecutorSpec.Webhook(nobody, "url", SECRET, "$S",
                Duration.ofSeconds(2)), Clock.systemUTC()).execute(request());
        assertFalse(r.ok());
        assertTrue(r.retryable());
        assertTrue(r.message().startsWith("connection failed"), r.message());
    }
}
