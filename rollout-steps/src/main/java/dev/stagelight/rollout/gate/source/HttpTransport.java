package dev.stagelight.rollout.gate.source;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP exchange shared by the HTTP sources: a form POST (long PromQL fits, nothing is logged in URLs) with a
 * per-request timeout, retried per the {@link RetryPolicy}. Returns the last response, or the transport failure as an
 * {@link Outcome}; never throws for network trouble.
 */
final class HttpTransport {
    /** A response, or (status 0) a transport failure with its outcome. */
    record Exchange(int status, String body, Outcome failure, String message, int attempts) {}

    private final HttpClient client;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    HttpTransport(RetryPolicy retry, Sleeper sleeper) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(retry.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.retry = retry;
        this.sleeper = sleeper;
    }

    Exchange post(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(retry.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        Exchange last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            last = once(request, attempt);
            if (!retryable(last) || attempt == retry.maxAttempts()) {
                return last;
            }
            try {
                sleeper.sleep(retry.delayAfter(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Exchange(last.status(), last.body(), last.failure(),
                        last.message() + "; interrupted before retrying", attempt);
            }
        }
        return last;
    }

    private Exchange once(HttpRequest request, int attempt) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Exchange(r.statusCode(), r.body(), null, "HTTP " + r.statusCode(), attempt);
        } catch (HttpConnectTimeoutException e) {
            return new Exchange(0, "", Outcome.TIMEOUT, "connect timed out after " + retry.timeout().toMillis()
                    + " ms", attempt);
        } catch (HttpTimeoutException e) {
            return new Exchange(0, "", Outcome.TIMEOUT, "no answer within " + retry.timeout().toMillis() + " ms",
                    attempt);
        } catch (IOException e) {
            return new Exchange(0, "", Outcome.UNREACHABLE, "cannot reach " + request.uri() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(0, "", Outcome.UNREACHABLE, "interrupted", attempt);
        }
    }

    private static boolean retryable(Exchange x) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (x.status() == 0) {
            return x.failure() == Outcome.TIMEOUT || x.failure() == Outcome.UNREACHABLE;
        }
        return x.status() == 429 || x.status() >= 500;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
