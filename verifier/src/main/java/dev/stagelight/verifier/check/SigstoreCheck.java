package dev.stagelight.verifier.check;

import dev.stagelight.verifier.entry.Entry;

/** Offline verification of an entry's Sigstore bundle against the trusted root. */
final class SigstoreCheck {
    private final Trust trust;

    SigstoreCheck(Trust trust) {
        this.trust = trust;
    }

    void check(Entry entry, byte[] manifest, byte[] bundle, String bundleSource, String entrySource)
            throws CheckFailure {
        if (trust.trustedRoot().isEmpty()) {
            throw new CheckFailure("manifest-signature", bundleSource
                    + ": no Sigstore trusted root given (--trusted-root); the bundle cannot be verified offline");
        }
        throw new CheckFailure("manifest-signature", bundleSource + ": Sigstore bundle verification is not wired yet");
    }
}
