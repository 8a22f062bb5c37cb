package dev.stagelight.verifier.sigstore;

import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.merkle.InclusionProof;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.ProofException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A Rekor v1 entry, verified by us offline: the log is one of the trusted root's (by log id), its signed entry
 * timestamp over {@code {body, integratedTime, logID, logIndex}} when present, the inclusion proof from the entry's
 * leaf to the proof's root hash, and the checkpoint that names that root, signed by the log's key.
 *
 * <p>Why not sigstore-java's {@code RekorVerifier} here: it looks for the checkpoint signature by the host of the
 * log's base URL, so a log whose checkpoints are signed as {@code host:port} (a custom trusted root, as in the
 * conformance suite's in-toto case) never verifies. A signed note names its key by name and key hash; the key hash
 * (first four bytes of SHA-256 of the log key) and the signature are what prove it, so that is what we match.
 */
final class RekorV1Entry {
    private RekorV1Entry() {}

    static void verify(BundleJson b, TrustedRootRules rules) throws SigstoreException {
        String t = BundleJson.TLOG;
        String logId = HexFormat.of().formatHex(b.base64(t + "/logId/keyId"));
        PublicKey key = rules.tlogKeys.get(logId);
        if (key == null) {
            throw new SigstoreException(b.source + ": transparency log entry does not verify: " + t + "/logId: log " + logId + " is not a transparency log of the trusted root");
        }
        byte[] body = b.canonicalizedBody();
        if (b.root.at(t + "/inclusionPromise/signedEntryTimestamp").isTextual()) {
            String payload = "{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"integratedTime\":"
                    + b.int64(t + "/integratedTime") + ",\"logID\":\"" + logId + "\",\"logIndex\":" + b.int64(t + "/logIndex") + "}";
            byte[] canonical = CanonicalJson.canonicalize(payload.getBytes(StandardCharsets.UTF_8));
            if (!verifies(key, canonical, b.base64(t + "/inclusionPromise/signedEntryTimestamp"))) {
                throw new SigstoreException(b.source + ": transparency log entry does not verify: " + t + "/inclusionPromise/signedEntryTimestamp: does not verify with the log's key");
            }
        }
        if (b.root.at(t + "/inclusionProof").isMissingNode()) {
            throw new SigstoreException(b.source + ": transparency log entry does not verify: " + t + "/inclusionProof: missing (offline verification needs the inclusion proof)");
        }
        long index = b.int64(t + "/inclusionProof/logIndex");
        long size = b.int64(t + "/inclusionProof/treeSize");
        byte[] rootHash = b.base64(t + "/inclusionProof/rootHash");
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < b.node(t + "/inclusionProof/hashes").size(); i++) {
            hashes.add(b.base64(t + "/inclusionProof/hashes/" + i));
        }
        try {
            InclusionProof.verify(index, size, MerkleHash.leaf(body), hashes, rootHash);
        } catch (ProofException e) {
            throw new SigstoreException(b.source + ": transparency log entry does not verify: " + t + "/inclusionProof: " + e.getMessage(), e);
        }
        checkpoint(b, b.text(t + "/inclusionProof/checkpoint/envelope"), key, size, rootHash);
    }

    /** The checkpoint's body names this tree (size and root hash) and one of its signatures is the log key's. */
    private static void checkpoint(BundleJson b, String note, PublicKey key, long size, byte[] rootHash) throws SigstoreException {
        String where = b.source + ": transparency log entry does not verify: " + BundleJson.TLOG + "/inclusionProof/checkpoint/envelope";
        int split = note.indexOf("\n\n");
        if (split < 0) {
            throw new SigstoreException(where + ": not a signed note (no blank line before the signatures)");
        }
        String text = note.substring(0, split + 1);
        String[] lines = text.split("\n");
        if (lines.length < 3) {
            throw new SigstoreException(where + ": expected origin, tree size and root hash lines");
        }
        if (!lines[1].equals(Long.toString(size))) {
            throw new SigstoreException(where + ": tree size " + lines[1] + ", but the inclusion proof is for size " + size);
        }
        byte[] noteRoot;
        try {
            noteRoot = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new SigstoreException(where + ": root hash line is not base64");
        }
        if (!MessageDigest.isEqual(noteRoot, rootHash)) {
            throw new SigstoreException(where + ": root hash differs from the inclusion proof's");
        }
        byte[] hint = Arrays.copyOf(MerkleHash.sha256().digest(key.getEncoded()), 4);
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith("\u2014 ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (blob.length > 4 && Arrays.equals(Arrays.copyOf(blob, 4), hint)
                    && verifies(key, text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(blob, 4, blob.length))) {
                return;
            }
        }
        throw new SigstoreException(where + ": no signature by the log's key (key hash " + HexFormat.of().formatHex(hint) + ")");
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] sig) throws SigstoreException {
        try {
            Signature v = Signature.getInstance(PublicKeys.algorithm(key).jcaSignature());
            v.initVerify(key);
            v.update(data);
            return v.verify(sig);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException | KeyException e) {
            throw new SigstoreException("cannot verify with the log key " + PublicKeys.keyId(key) + ": " + e.getMessage(), e);
        }
    }
}
