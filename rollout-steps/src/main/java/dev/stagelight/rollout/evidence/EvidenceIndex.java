package dev.stagelight.rollout.evidence;

import dev.stagelight.publisher.append.AppendException;
import dev.stagelight.publisher.append.Appender;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.append.OversizeEntryException;
import dev.stagelight.publisher.append.StateDir;
import dev.stagelight.publisher.ingest.IngestException;
import dev.stagelight.publisher.ingest.ManifestIngest;
import dev.stagelight.publisher.keys.PasswordSource;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.source.DirectorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Appends rollout evidence to a transparency index through the publisher's API: each statement is signed as a DSSE
 * envelope with the evidence key ({@link ManifestIngest}, as {@code publish append --key} signs unsigned statements)
 * and the batch is appended in one go ({@link Appender}: lock, journal, O(k + log n) files, checkpoint signed with
 * the log key last, read back through the verifier before success). The index must exist ({@code publish init}).
 */
public final class EvidenceIndex {
    private final Path index;
    private final Signer signer;
    private final NoteSignerKey logKey;
    private final Clock clock;

    /**
     * @param evidenceKey signs the statements (Ed25519 or ECDSA P-256 PKCS#8 PEM, or a note key)
     * @param logKey      the index's checkpoint key (a note key file); null: {@code evidenceKey} when it is a note key
     */
    public EvidenceIndex(Path index, Path evidenceKey, Path logKey, Clock clock) throws KeyException, IOException {
        if (!Files.isRegularFile(index.resolve("checkpoint"))) {
            throw new IOException("--evidence-index " + index + ": no index there (no checkpoint); create it with"
                    + " 'publish init'");
        }
        this.index = index;
        this.signer = SigningKeys.load(evidenceKey, PasswordSource.none());
        Path lk = logKey != null ? logKey : evidenceKey;
        try {
            this.logKey = SigningKeys.loadNoteKey(lk, PasswordSource.none(), null);
        } catch (KeyException e) {
            throw new KeyException((logKey == null ? "--evidence-key " + evidenceKey + " is not the index's note key;"
                    + " give the checkpoint key with --evidence-log-key: " : "--evidence-log-key: ") + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** Signs and appends the statements in order; returns what the publisher did (entries, files written, checkpoint). */
    public Appender.Result append(List<byte[]> statements, List<String> sources)
            throws IOException, AppendException, OversizeEntryException, IngestException {
        ManifestIngest ingest = new ManifestIngest(List.of(), signer, ManifestIngest.Defaults.NONE);
        List<IngestedManifest> manifests = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            manifests.add(ingest.read(statements.get(i), sources.get(i)));
        }
        Appender appender = new Appender(index, StateDir.besides(index), logKey, clock, DirectorySource::new,
                Appender.WriteHook.NONE).withManifestTrust(ingest.trustedKeys(), Optional.empty());
        return appender.append(manifests);
    }
}
