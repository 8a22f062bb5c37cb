package dev.stagelight.verifier.source;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a 200 response body but gives up, and cancels the download, as soon as it exceeds the size cap. */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final URI uri;
    private final long maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedBody(URI uri, long maxBytes) {
        this.uri = uri;
        this.maxBytes = maxBytes;
    }

    static HttpResponse.BodySubscriber<byte[]> subscriber(HttpResponse.ResponseInfo info, URI uri, long maxBytes) {
        if (info.statusCode() != 200) {
            // Error and redirect bodies are never used; do not buffer them.
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        CappedBody body = new CappedBody(uri, maxBytes);
        if (declared > maxBytes) {
            body.result.completeExceptionally(tooLarge(uri, maxBytes)); // refused before any byte is read
        }
        return body;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (bytes.size() + (long) b.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(tooLarge(uri, maxBytes));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    static SourceLimitException tooLarge(URI uri, long maxBytes) {
        return new SourceLimitException(uri + ": file larger than the " + maxBytes + "-byte limit");
    }
}
