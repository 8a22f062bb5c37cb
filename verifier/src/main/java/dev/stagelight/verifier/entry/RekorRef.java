package dev.stagelight.verifier.entry;

/**
 * Where a Sigstore-signed manifest sits in Rekor, taken from its bundle.
 *
 * @param logIndex the Rekor log index
 * @param uuid the Rekor entry uuid (lowercase hex: the entry's leaf hash, optionally prefixed by the tree id)
 */
public record RekorRef(long logIndex, String uuid) {}
