package dev.stagelight.verifier.check;

import dev.stagelight.verifier.entry.Entry;

/** Offline verification of an entry's Sigstore bundle against the trusted root. */
final class SigstoreCheck {
    private final Trust trust;

    SigstoreCheck(Trust trust) {
        this.trust = trust;
    }

    /** Verifies the bundle and returns its Rekor log index, which must equal the entry's. */
    long check(Entry entry, byte[] manifest, byte[] bundle, String bundleSource, String entrySource)
            throws CheckFailure {
        if (trust.trustedRoot().isEmpty()) {
            throw new CheckFailure("manifest-signature", bundleSource
                    + ": no Sigstore trusted root given (--trusted-root); the bundle cannot be verified offline");
        }
        throw new CheckFailure("manifest-signature", bundleSource + ": Sigstore bundle verification is not wired yet");
    }

    /** The in-toto Statement bytes a DSSE Sigstore bundle signs. */
    static byte[] statementOf(byte[] bundle, String source) throws CheckFailure {
        throw new CheckFailure("export-manifest", source + ": Sigstore bundle verification is not wired yet");
    }
}
