package dev.stagelight.rollout.gate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A plain HTTP JSON metrics service, here a JDK HttpServer on 127.0.0.1 answering per query. */
class HttpJsonSourceTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:30:00Z");
    private HttpServer server;
    private final List<String> forms = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            String form = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            forms.add(form);
            int status = 200;
            String body;
            if (form.contains("query=latency")) {
                body = "{\"series\": [{\"labels\": {\"group\": \"canary\"}, \"samples\": [[1767227400, 0.31]]}]}";
            } else if (form.contains("query=broken")) {
                body = "{\"series\": [{\"samples\": [[1767227400]]}]}";
            } else if (form.contains("query=busy")) {
                status = 503;
                body = "try later";
            } else {
                status = 400;
                body = "unknown query";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpJsonSource source() {
        return new HttpJsonSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"),
                RetryPolicy.defaults(), sleeps::add);
    }

    @Test
    void answersAreRead() {
        QueryResult r = source().query(Query.instant("latency", AT));
        assertEquals(Outcome.OK, r.outcome(), r.describe());
        assertEquals(0.31, r.values()[0]);
        assertEquals("query=latency&time=1767227400", forms.get(0));
        source().query(Query.range("latency", AT.minusSeconds(600), AT, Duration.ofMinutes(1)));
        assertEquals("query=latency&start=1767226800&end=1767227400&step=60", forms.get(1));
    }

    @Test
    void failuresAreNamed() {
        QueryResult broken = source().query(Query.instant("broken", AT));
        assertEquals(Outcome.MALFORMED, broken.outcome());
        assertTrue(broken.message().contains("/series/0/samples/0: expected [time, value]"), broken.message());
        QueryResult busy = source().query(Query.instant("busy", AT));
        assertEquals(Outcome.UNAVAILABLE, busy.outcome());
        assertEquals(3, busy.attempts());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
        QueryResult bad = source().query(Query.instant("what", AT));
        assertEquals(Outcome.BAD_QUERY, bad.outcome());
        assertEquals("HTTP 400 \"unknown query\"", bad.message());
    }
}
