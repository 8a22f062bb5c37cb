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
 * @param identities  signers that Sigstore certificate bundles may come from (any one); empty accepts every
 *                    certificate of the trusted root
 * @param origin      the log's origin when stated by the user; empty: the checkpoint's origin must be the name of
 *                    the trusted log key that signed it
 */
public record Trust(List<NoteVerifierKey> logKeys, List<PublicKey> signerKeys, Optional<Path> trustedRoot,
        List<CertificateIdentity> identities, Optional<String> origin) {
    public Trust {
        logKeys = List.copyOf(logKeys);
        signerKeys = List.copyOf(signerKeys);
        identities = List.copyOf(identities);
        if (logKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted log key is needed to verify a checkpoint");
        }
    }

    /** Trust whose log's origin is the name of its key. */
    public Trust(List<NoteVerifierKey> logKeys, List<PublicKey> signerKeys, Optional<Path> trustedRoot,
            List<CertificateIdentity> identities) {
        this(logKeys, signerKeys, trustedRoot, identities, Optional.empty());
    }

    /** Trust without a certificate identity policy, the log's origin the name of its key. */
    public Trust(List<NoteVerifierKey> logKeys, List<PublicKey> signerKeys, Optional<Path> trustedRoot) {
        this(logKeys, signerKeys, trustedRoot, List.of());
    }
}
