package dev.stagelight.rollout.gate.probe;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;

/**
 * Runs single checks of {@link HttpProbe}s. Each check is one GET without retries (a retry would hide exactly the
 * flapping the consecutive-failure count is there to see) and without following redirects (a 302 to a login page is
 * not healthy unless the probe expects it). Never throws for network trouble: that is a failed check.
 */
public final class HttpProber {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Checks {@code probe} once; {@code at} is the engine's time, recorded with the result. */
    public ProbeCheck check(HttpProbe probe, Instant at) {
        HttpRequest request = HttpRequest.newBuilder(probe.url()).timeout(probe.timeout()).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            boolean ok = probe.expectedStatus().contains(status);
            return new ProbeCheck(probe.name(), at, ok, status, "HTTP " + status
                    + (ok ? "" : ", expected " + probe.expectedText()));
        } catch (HttpTimeoutException e) {
            return new ProbeCheck(probe.name(), at, false, 0, "no answer within " + probe.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new ProbeCheck(probe.name(), at, false, 0, "cannot reach " + probe.url() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeCheck(probe.name(), at, false, 0, "interrupted");
        }
    }
}
