package dev.stagelight.verifier.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An index published on a web server. Fails closed: a file larger than the cap, a request slower than the timeout,
 * a redirect to another host (or from https down to http) are errors naming the URL, never a silent fallback.
 * Redirects are followed by hand, at most {@link #MAX_REDIRECTS}, because the JDK client would follow them anywhere.
 */
public final class HttpSource implements IndexSource {
    public static final int MAX_REDIRECTS = 3;

    private final URI base;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxBytes;

    /**
     * @param base           the index root; a missing trailing slash is added
     * @param connectTimeout time allowed to open a connection
     * @param requestTimeout time allowed for one whole request, body included
     * @param maxBytes       largest file accepted
     */
    public HttpSource(URI base, Duration connectTimeout, Duration requestTimeout, long maxBytes) {
        String scheme = Objects.requireNonNull(base, "base").getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || base.getHost() == null) {
            throw new IllegalArgumentException(base + ": not an http(s) URL with a host");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException(base + ": an index URL takes no query or fragment");
        }
        this.base = base.getRawPath().endsWith("/") ? base : URI.create(base + "/");
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder()
                // Plain http stays HTTP/1.1: an h2c upgrade attempt on every request defeats connection reuse.
                .version(this.base.getScheme().equalsIgnoreCase("https") ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    @Override
    public byte[] read(String relativePath) throws IOException {
        URI uri = resolve(relativePath);
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response = send(uri);
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if (status == 404 || status == 410) {
                throw new NoSuchFileException(uri.toString(), null, "HTTP " + status);
            }
            if (isRedirect(status)) {
                if (hop >= MAX_REDIRECTS) {
                    throw new IOException(describe(relativePath) + ": more than " + MAX_REDIRECTS + " redirects");
                }
                uri = sameHostRedirect(uri, response);
                continue;
            }
            throw new IOException(uri + ": HTTP status " + status + " (expected 200)");
        }
    }

    @Override
    public String describe(String relativePath) {
        return base + relativePath;
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    private URI resolve(String relativePath) throws IOException {
        try {
            RelativePaths.requireSafe(relativePath);
        } catch (UnsafePathException e) {
            throw new UnsafePathException(base + ": " + e.getMessage());
        }
        // In a URL these characters would start a query, a fragment, an escape or a scheme: not a plain file name.
        for (char c : new char[] {'?', '#', '%', ':'}) {
            if (relativePath.indexOf(c) >= 0) {
                throw new UnsafePathException(base + ": \"" + relativePath + "\" contains '" + c
                        + "'; expected plain path segments");
            }
        }
        return base.resolve(relativePath);
    }

    private HttpResponse<byte[]> send(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        try {
            // The whole exchange, body included, must finish within the timeout: a server that trickles bytes
            // cannot hold the verifier forever.
            return client.sendAsync(request, info -> CappedBody.subscriber(info, uri, maxBytes))
                    .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(uri + ": no complete response within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SourceLimitException tooLarge) {
                throw new SourceLimitException(tooLarge.getMessage());
            }
            String detail = cause == null ? e.toString()
                    : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new IOException(uri + ": " + detail, cause);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI sameHostRedirect(URI from, HttpResponse<?> response) throws IOException {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException(from + ": redirect without a Location header"));
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException(from + ": redirect to an invalid Location '" + location + "'");
        }
        boolean sameHost = to.getHost() != null && to.getHost().equalsIgnoreCase(from.getHost())
                && effectivePort(to) == effectivePort(from);
        boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(to.getScheme());
        if (!sameHost || downgrade) {
            throw new IOException(from + ": refused redirect to " + to + " (only same-host redirects are followed)");
        }
        return to;
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
