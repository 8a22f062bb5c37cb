package dev.stagelight.rollout.gate.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health probes against a real HTTP server on 127.0.0.1 whose answers the test switches. */
class HttpProberTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger hits = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpProber prober = new HttpProber();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/healthz");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private HttpProbe probe(String path) {
        return HttpProbe.of("api", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    @Test
    void expectedStatusPassesOthersFail() {
        ProbeCheck ok = prober.check(probe("/healthz"), T0);
        assertTrue(ok.passed(), ok.describe());
        assertEquals(200, ok.status());
        assertEquals(T0, ok.time());
        status.set(503);
        ProbeCheck bad = prober.check(probe("/healthz"), T0);
        assertFalse(bad.passed());
        assertEquals("HTTP 503, expected 200", bad.reason());
        status.set(204);
        assertTrue(prober.check(probe("/healthz").withExpected(Set.of(200, 204)), T0).passed());
        assertEquals("HTTP 204, expected 200", prober.check(probe("/healthz"), T0).reason());
    }

    @Test
    void redirectsAreNotFollowed() {
        ProbeCheck c = prober.check(probe("/redirect"), T0);
        assertFalse(c.passed());
        assertEquals(302, c.status());
        assertTrue(prober.check(probe("/redirect").withExpected(Set.of(302)), T0).passed());
    }

    @Test
    void aHangPastTheTimeoutFails() {
        ProbeCheck c = prober.check(probe("/hang").withTimeout(Duration.ofMillis(300)), T0);
        assertFalse(c.passed());
        assertEquals(0, c.status());
        assertEquals("no answer within 300 ms", c.reason());
    }

    @Test
    void aRefusedConnectionFails() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        ProbeCheck c = prober.check(HttpProbe.of("api", URI.create("http://127.0.0.1:" + closed + "/healthz")), T0);
        assertFalse(c.passed());
        assertTrue(c.reason().startsWith("cannot reach http://127.0.0.1:" + closed), c.reason());
    }

    @Test
    void moreThanThreeConsecutiveFailuresFail() {
        HttpProbe p = probe("/healthz");
        ProbeState s = ProbeState.initial(p);
        assertEquals(ProbeState.Status.UNKNOWN, s.status());
        s = s.record(prober.check(p, T0));
        assertEquals(ProbeState.Status.HEALTHY, s.status());
        status.set(500);
        for (int i = 1; i <= 3; i++) {
            s = s.record(prober.check(p, T0.plusSeconds(10L * i)));
            assertEquals(ProbeState.Status.FAILING, s.status(), s.describe());
        }
        assertEquals("api: FAILING, 3 consecutive failures (limit 3) (last: HTTP 500, expected 200), 1 of 4 ok",
                s.describe());
        // A pass resets the run: three more failures still do not fail the probe.
        status.set(200);
        s = s.record(prober.check(p, T0.plusSeconds(40)));
        assertEquals(ProbeState.Status.HEALTHY, s.status());
        status.set(500);
        for (int i = 0; i < 3; i++) {
            s = s.record(prober.check(p, T0.plusSeconds(50L + i)));
        }
        assertEquals(ProbeState.Status.FAILING, s.status());
        s = s.record(prober.check(p, T0.plusSeconds(60)));
        assertEquals(ProbeState.Status.FAILED, s.status());
        assertEquals("api: FAILED, 4 consecutive failures > limit 3 (last: HTTP 500, expected 200), 2 of 9 ok",
                s.describe());
        // Failed is kept: the stage lost its health for too long even if it answers again.
        status.set(200);
        s = s.record(prober.check(p, T0.plusSeconds(70)));
        assertEquals(ProbeState.Status.FAILED, s.status());
        assertTrue(s.describe().contains("failed earlier"), s.describe());
        assertEquals(10, hits.get());
    }
}
