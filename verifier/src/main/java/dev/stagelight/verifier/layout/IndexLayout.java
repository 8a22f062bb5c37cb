package dev.stagelight.verifier.layout;

import dev.stagelight.verifier.tiles.TilePath;

/**
 * The published file names of an index (format v1), relative to its root. Tiles follow C2SP tlog-tiles
 * ({@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}); besides them:
 * <pre>
 *   checkpoint                              signed note, the only file that changes meaning on append (written last)
 *   manifests/&lt;sha256&gt;.json                the in-toto Statement bytes whose SHA-256 is the entry's manifest_sha256
 *   manifests/&lt;sha256&gt;.dsse.json           its DSSE envelope (key-signed manifests), or
 *   manifests/&lt;sha256&gt;.sigstore.json       its Sigstore bundle
 *   api/v1/sha256/&lt;ab&gt;/&lt;cd&gt;.json          digest look-up shard: {"version":1,"entries":[{"manifest_sha256","seq"}...]}
 *   keys/&lt;keyid&gt;.pem                      public key (SPKI PEM) of a manifest signer, named by its key id (SHA-256 of
 *                                           the SPKI DER), so a browser can check a DSSE signature the entry names
 * </pre>
 * Manifests and envelopes are immutable (content-addressed); shards are replaced as entries arrive, and list only
 * entries that a reader must still confirm against the checkpoint (a {@code seq} at or beyond the tree size is a
 * leftover of an interrupted append and means nothing).
 */
public final class IndexLayout {
    public static final String CHECKPOINT = "checkpoint";
    public static final String MANIFESTS = "manifests";
    public static final String DIGEST_SHARDS = "api/v1/sha256";
    public static final String SIGNER_KEYS = "keys";

    private IndexLayout() {}

    /** The hash tile at tree level {@code 8 * level}, tile {@code index}, as it stands at {@code treeSize}. */
    public static String hashTile(int level, long index, long treeSize) {
        return TilePath.hashTileAt(level, index, treeSize).path();
    }

    /** The entry bundle {@code index} (entries {@code 256 * index ...}) as it stands at {@code treeSize}. */
    public static String entryBundle(long index, long treeSize) {
        return TilePath.entryBundleAt(index, treeSize).path();
    }

    public static String manifest(String sha256) {
        return MANIFESTS + "/" + requireDigest(sha256) + ".json";
    }

    public static String dsseEnvelope(String sha256) {
        return MANIFESTS + "/" + requireDigest(sha256) + ".dsse.json";
    }

    public static String sigstoreBundle(String sha256) {
        return MANIFESTS + "/" + requireDigest(sha256) + ".sigstore.json";
    }

    /**
     * Where the public key with this key id is published. Content-addressed (the key id is its SHA-256), so nothing
     * but that key can sit there; a reader still checks the hash, and trusts the key only as far as the log entry
     * that names its key id.
     */
    public static String signerKey(String keyId) {
        return SIGNER_KEYS + "/" + requireDigest(keyId) + ".pem";
    }

    /** The look-up shard that lists every entry whose manifest has this digest: {@code api/v1/sha256/ab/cd.json}. */
    public static String digestShard(String sha256) {
        requireDigest(sha256);
        return DIGEST_SHARDS + "/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + ".json";
    }

    /** True for 64 lowercase hex digits. */
    public static boolean isDigest(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String requireDigest(String sha256) {
        if (!isDigest(sha256)) {
            throw new IllegalArgumentException("expected a SHA-256 digest as 64 lowercase hex digits, found \"" + sha256 + "\"");
        }
        return sha256;
    }
}
