package dev.stagelight.verifier.check;

import dev.stagelight.verifier.note.NoteVerifierKey;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * What the verifier trusts, all given by the user, never read from the index it checks.
 *
 * @param logKeys     keys that may sign checkpoints (at least one)
 * @param signerKeys  public keys that may sign manifests (DSSE envelopes)
 * @param trustedRoot Sigstore trusted-root JSON for offline bundle verification, if any
 */
public record Trust(List<NoteVerifierKey> logKeys, List<PublicKey> signerKeys, Optional<Path> trustedRoot) {
    public Trust {
        logKeys = List.copyOf(logKeys);
        signerKeys = List.copyOf(signerKeys);
        if (logKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted log key is needed to verify a checkpoint");
        }
    }
}
