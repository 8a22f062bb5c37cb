package dev.stagelight.verifier.sigstore;

import dev.sigstore.TrustedRootProvider;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.tuf.SigstoreTufClient;

/**
 * The trusted root of Sigstore's public-good instance (or its staging instance), fetched with sigstore-java's TUF
 * client: the TUF root shipped inside sigstore-java anchors the chain of signed metadata, and the client keeps its
 * verified cache in the user's home folder. This needs the network (or a fresh cache); when neither is there we fail
 * and say so, because verifying against no root, or an unverified one, would prove nothing.
 */
final class PublicGoodRoot {
    private PublicGoodRoot() {}

    static SigstoreTrustedRoot fetch(boolean staging) throws SigstoreException {
        String instance = staging ? "staging" : "public-good";
        try {
            SigstoreTufClient.Builder tuf = SigstoreTufClient.builder();
            tuf = staging ? tuf.useStagingInstance() : tuf.usePublicGoodInstance();
            return TrustedRootProvider.from(tuf).get();
        } catch (Exception e) {
            throw new SigstoreException("the Sigstore " + instance + " trusted root must be fetched with TUF and that"
                    + " failed (" + SigstoreBundleVerifier.message(e).replace('\n', ' ') + "); to verify offline, pass"
                    + " --trusted-root with a trusted_root.json you trust", e);
        }
    }
}
