package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.witness.Witness;
import dev.stagelight.publisher.witness.WitnessServer;
import dev.stagelight.publisher.witness.WitnessState;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.note.WitnessCosigner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code witness keygen} and {@code witness serve}: a C2SP tlog-witness of our own. */
@Command(name = "witness", description = "A C2SP tlog-witness: cosigns checkpoints that extend what it saw before.",
        subcommands = {WitnessCommand.Keygen.class, WitnessCommand.Serve.class})
final class WitnessCommand {
    @Command(name = "keygen", description = "Writes a witness key (witness.key, secret) and its cosignature/v1"
            + " verifier key (witness.vkey, what verifiers pass to --witness) into a folder.")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the key files.")
        Path out;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The witness's name, a schema-less URL (e.g. witness.example.com/w1).")
        String name;

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(out);
            NoteSignerKey key = NoteSignerKey.generate(name);
            String vkey = new WitnessCosigner(key).verifierKey().encode();
            AtomicFiles.createSecret(out.resolve("witness.key"), (key.encode() + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.createImmutable(out.resolve("witness.vkey"), (vkey + "\n").getBytes(StandardCharsets.UTF_8));
            System.out.println("witness key:  " + out.resolve("witness.key") + " (secret)");
            System.out.println("witness vkey: " + vkey);
            return 0;
        }
    }

    @Command(name = "serve", description = {"Serves add-checkpoint (C2SP tlog-witness) until stopped (Ctrl-C).",
            "State (the last cosigned checkpoint of each log) is stored durably before each answer."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "The witness key (PRIVATE+KEY+name+hash+base64), used for cosigning only.")
        Path key;

        @Option(names = "--log", required = true, arity = "1..*", paramLabel = "VKEY|FILE",
                description = "A log's checkpoint verifier key (its name is the log's origin), or a file of them.")
        List<String> logs = new ArrayList<>();

        @Option(names = "--state", required = true, paramLabel = "DIR", description = "The witness's state folder.")
        Path state;

        @Option(names = "--listen", defaultValue = "127.0.0.1:0", paramLabel = "HOST:PORT",
                description = "Address to listen on; port 0 picks a free one. Default: ${DEFAULT-VALUE}.")
        String listen;

        @Option(names = "--prefix", defaultValue = "/", paramLabel = "PATH",
                description = "Submission prefix (add-checkpoint is served below it). Default: ${DEFAULT-VALUE}.")
        String prefix;

        @Override
        public Integer call() throws Exception {
            WitnessCosigner cosigner = new WitnessCosigner(readKey(key));
            List<NoteVerifierKey> logKeys = new ArrayList<>();
            for (String l : logs) {
                logKeys.addAll(readLogKeys(l));
            }
            WitnessState st = WitnessState.open(state);
            Witness witness = new Witness(cosigner, logKeys, st, Clock.systemUTC());
            WitnessServer server = WitnessServer.start(witness, prefix, address(listen));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                try {
                    st.close();
                } catch (IOException ignored) {
                    // The process is exiting; the lock goes with it.
                }
            }));
            System.out.println("witness " + cosigner.verifierKey().encode() + " for "
                    + logKeys.stream().map(NoteVerifierKey::name).distinct().collect(Collectors.joining(", "))
                    + " at " + server.url() + " (Ctrl-C stops)");
            System.out.flush();
            new CountDownLatch(1).await();
            return 0;
        }

        private static NoteSignerKey readKey(Path file) throws IOException {
            try {
                return NoteSignerKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoteException e) {
                throw new IOException("--key " + file + ": " + e.getMessage());
            }
        }

        private static List<NoteVerifierKey> readLogKeys(String value) throws IOException {
            Path p = Path.of(value);
            boolean file = !value.contains("+") || Files.isRegularFile(p);
            List<String> lines = file ? Files.readAllLines(p, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList() : List.of(value.strip());
            List<NoteVerifierKey> keys = new ArrayList<>();
            for (String l : lines) {
                try {
                    keys.add(NoteVerifierKey.parse(l));
                } catch (NoteException e) {
                    throw new IOException("--log " + value + ": " + e.getMessage());
                }
            }
            if (keys.isEmpty()) {
                throw new IOException("--log " + value + ": no verifier key in the file");
            }
            return keys;
        }

        static InetSocketAddress address(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || !hostPort.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("--listen " + hostPort + ": expected HOST:PORT, e.g. 127.0.0.1:8081");
            }
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port > 65535) {
                throw new IllegalArgumentException("--listen " + hostPort + ": port above 65535");
            }
            return new InetSocketAddress(hostPort.substring(0, colon), port);
        }
    }
}
