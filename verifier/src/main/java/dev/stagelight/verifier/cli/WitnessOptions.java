package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.check.WitnessPolicy;
import dev.stagelight.verifier.note.CosignerKey;
import dev.stagelight.verifier.note.NoteException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which witnesses must have cosigned the checkpoint; without {@code --witness} no cosignature is asked for. */
final class WitnessOptions {
    @Option(names = "--witness", paramLabel = "VKEY|FILE", description = "A witness whose C2SP cosignature/v1 the"
            + " checkpoint must carry: its verifier key name+hash+base64(0x04||key), or a file holding one per line."
            + " Repeatable.")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--witness-threshold", paramLabel = "N", description = "How many of the --witness keys must have"
            + " cosigned (default: all of them).")
    Integer threshold;

    Optional<WitnessPolicy> toPolicy() throws UsageException {
        if (witnesses.isEmpty()) {
            if (threshold != null) {
                throw new UsageException("--witness-threshold needs at least one --witness");
            }
            return Optional.empty();
        }
        List<CosignerKey> keys = new ArrayList<>();
        for (String w : witnesses) {
            keys.addAll(parse(w));
        }
        long distinct = keys.stream().distinct().count();
        int n = threshold == null ? (int) distinct : threshold;
        if (n < 1 || n > distinct) {
            throw new UsageException("--witness-threshold " + n + ": expected 1 to " + distinct
                    + " (the number of distinct --witness keys)");
        }
        return Optional.of(new WitnessPolicy(keys, n));
    }

    private static List<CosignerKey> parse(String value) throws UsageException {
        Path file = null;
        try {
            file = value.isEmpty() ? null : Path.of(value);
        } catch (InvalidPathException notAPath) {
            // A key string, then.
        }
        boolean isFile = file != null && Files.isRegularFile(file);
        List<String> lines = isFile ? TrustOptions.readSmall(file, "--witness").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList() : List.of(value.strip());
        if (lines.isEmpty()) {
            throw new UsageException("--witness " + value + ": the file holds no witness key");
        }
        List<CosignerKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                keys.add(CosignerKey.parse(lines.get(i)));
            } catch (NoteException e) {
                String where = isFile ? value + ":" + (i + 1) : "'" + value + "'";
                throw new UsageException("--witness " + where + ": " + e.getMessage()
                        + (isFile ? "" : " (neither a witness key string nor an existing file)"));
            }
        }
        return keys;
    }
}
