package dev.stagelight.rollout.gate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The answers a real Prometheus cannot give on demand: 503 (overloaded or shutting down), a malformed 200 body (a
 * proxy's error page), a hang past the timeout, and a refused connection. Only these use a stand-in: a JDK HttpServer
 * on 127.0.0.1 replaying scripted responses. Everything Prometheus can answer is tested against the real one in
 * {@link PrometheusSourceTest}.
 */
class PrometheusFailuresTest {
    private record Reply(int status, String body) {}

    private static final Instant AT = Instant.parse("2026-01-01T00:30:00Z");
    private static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{\"group\":\"canary\"},\"value\":[1767227400,\"0.25\"]}]}}";

    private HttpServer server;
    private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
            }
            Reply r = replies.isEmpty() ? new Reply(-1, "") : replies.poll();
            if (r.status() == -1) {
                try {
                    release.await(30, TimeUnit.SECONDS); // hang until the test is over
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private PrometheusSource source(int attempts, Duration timeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new PrometheusSource(url, RetryPolicy.defaults().withAttempts(attempts).withTimeout(timeout), sleeps::add);
    }

    @Test
    void unavailableIsRetriedWithExponentialBackoffThenNamed() {
        for (int i = 0; i < 3; i++) {
            replies.add(new Reply(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"busy\"}"));
        }
        QueryResult r = source(3, Duration.ofSeconds(10)).query(Query.instant("up", AT));
        assertEquals(Outcome.UNAVAILABLE, r.outcome());
        assertEquals(3, r.attempts());
        assertEquals("HTTP 503 unavailable: busy", r.message());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
        assertEquals(3, requests.size());
    }

    @Test
    void aRetryThatSucceedsAnswers() {
        replies.add(new Reply(503, "overloaded"));
        replies.add(new Reply(200, VECTOR));
        QueryResult r = source(3, Duration.ofSeconds(10)).query(Query.instant("up", AT));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        assertEquals(2, r.attempts());
        assertEquals(0.25, r.values()[0]);
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
        // The query goes as a form with the explicit time and the server-side timeout.
        assertEquals("POST /api/v1/query query=up&time=1767227400&timeout=10000ms", requests.get(1));
    }

    @Test
    void malformedBodiesAreNamedAndNotRetried() {
        replies.add(new Reply(200, "<html>502 Bad Gateway</html>"));
        QueryResult html = source(3, Duration.ofSeconds(10)).query(Query.instant("up", AT));
        assertEquals(Outcome.MALFORMED, html.outcome());
        assertTrue(html.message().contains("not JSON"), html.message());
        assertEquals(1, html.attempts());

        replies.add(new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1767227400, 0.25]}]}}"));
        QueryResult numberValue = source(1, Duration.ofSeconds(10)).query(Query.instant("up", AT));
        assertEquals(Outcome.MALFORMED, numberValue.outcome());
        assertTrue(numberValue.message().contains("data.result[0].value is not [seconds, \"value\"]"),
                numberValue.message());

        replies.add(new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1767227400,\"lots\"]}]}}"));
        assertEquals(Outcome.MALFORMED, source(1, Duration.ofSeconds(10)).query(Query.instant("up", AT)).outcome());

        replies.add(new Reply(200, VECTOR));
        QueryResult vectorForRange = source(1, Duration.ofSeconds(10)).query(Query.range("up", AT.minusSeconds(600),
                AT, Duration.ofMinutes(1)));
        assertEquals(Outcome.MALFORMED, vectorForRange.outcome());
        assertTrue(vectorForRange.message().contains("a range query answered with a vector"),
                vectorForRange.message());
        assertTrue(requests.get(3).contains("start=1767226800&end=1767227400&step=60"), requests.get(3));
    }

    @Test
    void otherStatusesAreHttpErrors() {
        replies.add(new Reply(404, "page not found"));
        QueryResult r = source(3, Duration.ofSeconds(10)).query(Query.instant("up", AT));
        assertEquals(Outcome.HTTP_ERROR, r.outcome());
        assertEquals("HTTP 404 (not an API error body: \"page not found\")", r.message());
        assertEquals(1, r.attempts());
    }

    @Test
    void aHangIsATimeoutRetriedUpToTheLimit() {
        // No scripted reply: the server holds every request until the test ends.
        QueryResult r = source(2, Duration.ofMillis(300)).query(Query.instant("up", AT));
        assertEquals(Outcome.TIMEOUT, r.outcome(), r.describe());
        assertEquals(2, r.attempts());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        PrometheusSource s = new PrometheusSource(URI.create("http://127.0.0.1:" + closed),
                RetryPolicy.defaults().withAttempts(2), sleeps::add);
        QueryResult r = s.query(Query.instant("up", AT));
        assertEquals(Outcome.UNREACHABLE, r.outcome(), r.describe());
        assertEquals(2, r.attempts());
        assertTrue(r.message().startsWith("cannot reach http://127.0.0.1:" + closed + "/api/v1/query"), r.message());
    }
}
