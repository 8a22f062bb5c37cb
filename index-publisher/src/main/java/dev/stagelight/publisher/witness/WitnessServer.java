package dev.stagelight.publisher.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The C2SP tlog-witness HTTP interface of a {@link Witness}: {@code POST <prefix>add-checkpoint}. Answers 200 with
 * the cosignature line, 409 with the last cosigned size ({@code text/x.tlog.size}) and that checkpoint in
 * {@link #LATEST_HEADER}, and the spec's 400, 403, 404 and
 * 422 with a one-line reason; 413 for a body over {@link #MAX_BODY}, 500 when the state cannot be stored (then
 * nothing is cosigned).
 */
public final class WitnessServer implements AutoCloseable {
    /** Far more than 63 proof lines and a checkpoint with 100 signatures need. */
    public static final int MAX_BODY = 64 * 1024;
    public static final String SIZE_TYPE = "text/x.tlog.size";
    /** On a 409: base64 of the checkpoint note this witness last cosigned. */
    public static final String LATEST_HEADER = "X-Stagelight-Latest-Checkpoint";

    private final Witness witness;
    private final String prefix;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    private WitnessServer(Witness witness, String prefix, InetSocketAddress address) throws IOException {
        this.witness = witness;
        this.prefix = prefix;
        this.server = HttpServer.create(address, 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Starts serving.
     *
     * @param prefix  the submission prefix, {@code /} or {@code /name/}
     * @param address where to listen (port 0 picks a free one)
     */
    public static WitnessServer start(Witness witness, String prefix, InetSocketAddress address) throws IOException {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("witness prefix: expected a path like / or /witness/, found \""
                    + prefix + "\"");
        }
        return new WitnessServer(witness, prefix, address);
    }

    /** The submission prefix URL, e.g. {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + prefix);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(prefix + "add-checkpoint")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found; submit to " + prefix + "add-checkpoint\n");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().set("Allow", "POST");
                send(ex, 405, "text/plain; charset=utf-8", "add-checkpoint takes POST\n");
                return;
            }
            byte[] body = readCapped(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, "text/plain; charset=utf-8", "request body larger than " + MAX_BODY + " bytes\n");
                return;
            }
            try {
                String lines = witness.addCheckpoint(AddCheckpointRequest.parse(body));
                send(ex, 200, "text/plain; charset=utf-8", lines);
            } catch (ConflictException e) {
                // The spec's body is the size alone; the checkpoint it belongs to rides in a header clients may
                // ignore, so a publisher can show which tree the witness holds (evidence of a fork, if it is one).
                ex.getResponseHeaders().set("X-Stagelight-Reason", oneLine(e.getMessage()));
                if (e.latestNote() != null) {
                    ex.getResponseHeaders().set(LATEST_HEADER, Base64.getEncoder().encodeToString(e.latestNote()));
                }
                send(ex, 409, SIZE_TYPE, e.latestSize() + "\n");
            } catch (WitnessException e) {
                send(ex, e.status(), "text/plain; charset=utf-8", oneLine(e.getMessage()) + "\n");
            } catch (IOException e) {
                send(ex, 500, "text/plain; charset=utf-8", "witness state not stored, nothing cosigned: "
                        + oneLine(String.valueOf(e.getMessage())) + "\n");
            }
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
