package dev.stagelight.publisher.cli;

import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.note.NoteSignerKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", description = {
        "Writes a new log note key (log.key, log.vkey) and a manifest signing key (signing.key.pem, signing.pub.pem)",
        "into a folder, and prints the verifier key string that readers of the index trust."})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the key files (created).")
    Path out;

    @Option(names = "--origin", required = true, paramLabel = "NAME",
            description = "The log's origin, which names its note key (e.g. example.com/exports).")
    String origin;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        NoteSignerKey note = NoteSignerKey.generate(origin);
        AtomicFiles.createSecret(out.resolve("log.key"), (note.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.createImmutable(out.resolve("log.vkey"), (note.verifierKey().encode() + "\n").getBytes(StandardCharsets.UTF_8));
        Signer signing = SigningKeys.generateEd25519(out.resolve("signing.key.pem"));
        AtomicFiles.createImmutable(out.resolve("signing.pub.pem"),
                PublicKeys.toPem(signing.publicKey()).getBytes(StandardCharsets.UTF_8));
        System.out.println("log note key:      " + out.resolve("log.key") + " (secret)");
        System.out.println("manifest key:      " + out.resolve("signing.key.pem") + " (secret), public: "
                + out.resolve("signing.pub.pem"));
        System.out.println("manifest key id:   " + signing.keyId());
        System.out.println("verifier key:      " + note.verifierKey().encode());
        return 0;
    }
}
