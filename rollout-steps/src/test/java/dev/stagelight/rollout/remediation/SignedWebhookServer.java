package dev.stagelight.rollout.remediation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's) that accepts remediation webhooks only when signed with its secret and
 * fresh, and refuses a replay ({@link WebhookVerifier}); it records what it accepted and what it refused, and can be
 * told to answer 503 for the next n requests of a path.
 */
final class SignedWebhookServer implements AutoCloseable {
    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final WebhookVerifier verifier;
    final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();

    SignedWebhookServer(byte[] secret) throws IOException {
        verifier = new WebhookVerifier(secret, Duration.ofMinutes(5), Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void failNext(String path, int times) {
        failNext.put(path, new AtomicInteger(times));
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String path = x.getRequestURI().getPath();
        AtomicInteger f = failNext.get(path);
        if (f != null && f.getAndDecrement() > 0) {
            respond(x, 503, "try later");
            return;
        }
        try {
            verifier.verify(x.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    x.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body);
        } catch (SecurityException e) {
            refused.add(path + ": " + e.getMessage());
            respond(x, 401, e.getMessage());
            return;
        }
        accepted.add(new Received(path, Map.copyOf(x.getRequestHeaders()), body));
        respond(x, 200, "ok");
    }

    private static void respond(HttpExchange x, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    List<Received> accepted(String path) {
        synchronized (accepted) {
            return accepted.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
