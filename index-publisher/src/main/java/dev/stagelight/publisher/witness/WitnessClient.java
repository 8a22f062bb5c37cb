package dev.stagelight.publisher.witness;

import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.CosignerKey;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSignature;
import dev.stagelight.verifier.note.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Submits checkpoints to one C2SP tlog-witness ({@code POST <url>add-checkpoint}) and checks what it answers: a
 * cosignature is accepted only if it is a valid {@code cosignature/v1} of this very checkpoint by the pinned key.
 * On 409 the witness tells the size it last cosigned; the client retries once from there with a consistency proof
 * from that size (the spec's way to learn a witness's state), unless the witness holds a tree this log never had.
 */
public final class WitnessClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    private final CosignerKey key;
    private final HttpClient http;

    /**
     * @param url the witness's submission prefix ({@code http(s)://host/prefix/}); {@code add-checkpoint} is below it
     * @param key the witness's cosignature/v1 verifier key
     */
    public WitnessClient(URI url, CosignerKey key) {
        String s = url.toString();
        this.url = URI.create(s.endsWith("/") ? s : s + "/");
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI url() {
        return url;
    }

    public CosignerKey key() {
        return key;
    }

    /** Why a witness did not cosign. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }

    /**
     * Submits {@code note} (signed by the log) claiming the witness last cosigned {@code oldSize}.
     *
     * @return the witness's verified cosignature line
     * @throws Refusal saying what the witness answered, or why it could not be reached or believed
     */
    public NoteSignature cosign(byte[] note, Checkpoint checkpoint, long oldSize, HashReader tree)
            throws Refusal {
        Answer a = submit(note, checkpoint, oldSize, tree);
        if (a.status == 409) {
            long latest = latestSize(a);
            if (latest > checkpoint.size()) {
                throw new Refusal("409: it has cosigned size " + latest + ", beyond this checkpoint's size "
                        + checkpoint.size() + heldCheckpoint(a));
            }
            if (latest != oldSize) {
                a = submit(note, checkpoint, latest, tree);
            }
        }
        if (a.status != 200) {
            throw new Refusal(a.status + ": " + reason(a) + (a.status == 409 ? heldCheckpoint(a) : ""));
        }
        return verified(note, a.body);
    }

    private record Answer(int status, String body, HttpResponse<String> response) {}

    private Answer submit(byte[] note, Checkpoint checkpoint, long oldSize, HashReader tree) throws Refusal {
        List<byte[]> proof;
        // Witnesses are asked in parallel; a tile reader caches what it read and is not thread-safe.
        synchronized (tree) {
            try {
                proof = oldSize == 0 || oldSize == checkpoint.size() ? List.of()
                        : Proofs.consistency(oldSize, checkpoint.size(), tree);
            } catch (IOException e) {
                throw new Refusal("no consistency proof from size " + oldSize + ": " + e.getMessage());
            }
        }
        byte[] body = new AddCheckpointRequest(oldSize, proof, note).encode();
        HttpRequest request = HttpRequest.newBuilder(url.resolve("add-checkpoint")).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new Refusal("unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal("interrupted while waiting for the answer");
        }
    }

    private static long latestSize(Answer a) throws Refusal {
        String s = a.body.strip();
        if (!s.matches("0|[1-9][0-9]{0,18}")) {
            throw new Refusal("409 without a tree size in the body (" + clip(s) + ")");
        }
        return Long.parseLong(s);
    }

    /** The checkpoint a witness says it holds (our own header on a 409), shown as evidence of a fork. */
    private static String heldCheckpoint(Answer a) {
        Optional<String> h = a.response.headers().firstValue(WitnessServer.LATEST_HEADER);
        if (h.isEmpty()) {
            return "";
        }
        try {
            String text = new String(Base64.getDecoder().decode(h.get()), StandardCharsets.UTF_8);
            return "; it holds:\n\t" + text.stripTrailing().replace("\n", "\n\t");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String reason(Answer a) {
        return a.response.headers().firstValue("X-Stagelight-Reason").orElse(clip(a.body.strip()));
    }

    private NoteSignature verified(byte[] note, String body) throws Refusal {
        SignedNote signed;
        try {
            signed = SignedNote.parse(concat(note, body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoteException e) {
            throw new Refusal("200, but the answer is not cosignature lines: " + e.getMessage());
        }
        int own;
        try {
            own = SignedNote.parse(note).signatures().size();
        } catch (NoteException e) {
            throw new IllegalStateException("a note we signed must parse", e);
        }
        List<NoteSignature> answered = signed.signatures().subList(own, signed.signatures().size());
        String why = "no line by " + key.keyId();
        for (NoteSignature line : answered) {
            if (!key.matches(line)) {
                continue;
            }
            try {
                key.verify(signed.text(), line);
                return line;
            } catch (NoteException e) {
                why = e.getMessage();
            }
        }
        throw new Refusal("200, but no valid cosignature of this checkpoint: " + why);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String clip(String s) {
        s = s.replace('\n', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public String toString() {
        return key.keyId() + " at " + url;
    }
}
