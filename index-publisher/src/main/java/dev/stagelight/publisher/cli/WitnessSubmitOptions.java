package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.CheckpointCosigning;
import dev.stagelight.publisher.witness.WitnessClient;
import dev.stagelight.publisher.witness.Witnessing;
import dev.stagelight.verifier.note.CosignerKey;
import dev.stagelight.verifier.note.NoteException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --witness URL=VKEY} and {@code --witness-threshold N} of {@code append}: who must cosign before publishing. */
final class WitnessSubmitOptions {
    @Option(names = "--witness", paramLabel = "URL=VKEY", description = "A C2SP tlog-witness to submit each new"
            + " checkpoint to: its add-checkpoint prefix URL and its cosignature/v1 verifier key (or a file holding"
            + " it). Repeatable.")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--witness-threshold", paramLabel = "N", description = "How many --witness must cosign before"
            + " the checkpoint is published (default: all).")
    Integer threshold;

    /** The witnesses as a cosigning step, or none. */
    CheckpointCosigning toCosigning() throws IOException {
        if (witnesses.isEmpty()) {
            if (threshold != null) {
                throw new IllegalArgumentException("--witness-threshold needs at least one --witness");
            }
            return CheckpointCosigning.NONE;
        }
        List<WitnessClient> clients = new ArrayList<>();
        for (String w : witnesses) {
            clients.add(parse(w));
        }
        int n = threshold == null ? clients.size() : threshold;
        if (n < 1 || n > clients.size()) {
            throw new IllegalArgumentException("--witness-threshold " + n + ": expected 1 to " + clients.size()
                    + " (the number of --witness)");
        }
        return new Witnessing(clients, n, System.err);
    }

    private static WitnessClient parse(String value) throws IOException {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new IllegalArgumentException("--witness " + value + ": expected URL=VKEY, e.g."
                    + " http://127.0.0.1:8081/=witness.example/w1+1234abcd+BASE64");
        }
        URI url;
        try {
            url = URI.create(value.substring(0, eq));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--witness " + value + ": not a URL before '=': " + e.getMessage());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--witness " + value + ": expected an http(s) URL before '='");
        }
        String vkey = value.substring(eq + 1).strip();
        if (!vkey.contains("+")) { // a key string always has '+'; anything else names a file holding one
            vkey = Files.readString(Path.of(vkey), StandardCharsets.UTF_8).strip();
        }
        try {
            return new WitnessClient(url, CosignerKey.parse(vkey));
        } catch (NoteException e) {
            throw new IllegalArgumentException("--witness " + value + ": " + e.getMessage());
        }
    }
}
