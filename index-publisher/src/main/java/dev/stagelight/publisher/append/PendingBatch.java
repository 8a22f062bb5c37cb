package dev.stagelight.publisher.append;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.tiles.TilePath;

/**
 * The journal of one append batch: everything needed to write the batch again byte for byte. Replaying it after a
 * crash rewrites exactly the files the crashed run may have left above the checkpoint, so every
 * {@code createImmutable} finds identical bytes, and the log continues as if the crash had not happened.
 *
 * @param oldSize the tree size the batch was appended to
 * @param leaves the leaf bytes, in order (for the entry layer: the canonical entry JSON, seq and prev assigned)
 * @param files immutable side files by index-relative path (manifests, envelopes, bundles), kept sorted
 * @param entries true if the leaves are v1 entries (digest look-up shards are then updated from them)
 */
public record PendingBatch(long oldSize, List<byte[]> leaves, Map<String, byte[]> files, boolean entries) {
    private static final int MAGIC = 0x534c4231; // "SLB1"

    public PendingBatch {
        leaves = List.copyOf(leaves);
        files = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(files));
    }

    /**
     * Every index-relative path that writing this batch may create or replace: side files, the entry bundles and hash
     * tiles of every level at their widths at the new size, the digest shards and the checkpoint. A killed writer can
     * have left temp files for these names only.
     */
    List<String> publicPaths() {
        List<String> out = new ArrayList<>(files.keySet());
        long newSize = oldSize + leaves.size();
        if (newSize > oldSize) {
            for (long b = oldSize / TilePath.WIDTH; b <= (newSize - 1) / TilePath.WIDTH; b++) {
                out.add(TilePath.entryBundleAt(b, newSize).path());
            }
            for (int level = 0; TilePath.storedHashes(level, newSize) > 0; level++) {
                long last = (TilePath.storedHashes(level, newSize) - 1) / TilePath.WIDTH;
                for (long t = TilePath.storedHashes(level, oldSize) / TilePath.WIDTH; t <= last; t++) {
                    out.add(TilePath.hashTileAt(level, t, newSize).path());
                }
            }
        }
        if (entries) {
            for (int i = 0; i < leaves.size(); i++) {
                out.add(IndexLayout.digestShard(Entry.parse(leaves.get(i), "journal leaf " + i).manifestSha256()));
            }
        }
        out.add(IndexLayout.CHECKPOINT);
        return out;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(oldSize);
            out.writeBoolean(entries);
            out.writeInt(leaves.size());
            for (byte[] leaf : leaves) {
                out.writeInt(leaf.length);
                out.write(leaf);
            }
            out.writeInt(files.size());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.writeUTF(f.getKey());
                out.writeInt(f.getValue().length);
                out.write(f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        // A trailing digest: a journal is replayed only if it is complete (AtomicFiles already makes it all-or-nothing;
        // this also catches a damaged disk block).
        return ByteBuffer.allocate(body.length + MerkleHash.SIZE).put(body).put(digest(body)).array();
    }

    static PendingBatch decode(byte[] bytes, String source) throws IOException {
        if (bytes.length < MerkleHash.SIZE
                || !Arrays.equals(digest(Arrays.copyOf(bytes, bytes.length - MerkleHash.SIZE)),
                        Arrays.copyOfRange(bytes, bytes.length - MerkleHash.SIZE, bytes.length))) {
            throw new IOException(source + ": damaged append journal (digest mismatch); inspect it, then delete it to continue");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - MerkleHash.SIZE))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(source + ": not an append journal");
            }
            long oldSize = in.readLong();
            boolean entries = in.readBoolean();
            int n = in.readInt();
            List<byte[]> leaves = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                leaves.add(in.readNBytes(in.readInt()));
            }
            int m = in.readInt();
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                String path = in.readUTF();
                files.put(path, in.readNBytes(in.readInt()));
            }
            return new PendingBatch(oldSize, leaves, files, entries);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated append journal", e);
        }
    }

    private static byte[] digest(byte[] body) {
        MessageDigest d = MerkleHash.sha256();
        d.update("stagelight append journal v1".getBytes(StandardCharsets.US_ASCII));
        return d.digest(body);
    }
}
