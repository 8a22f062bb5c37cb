package dev.stagelight.verifier.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** C2SP tlog-tiles entry bundles: up to 256 entries, each a big-endian uint16 length followed by its bytes. */
public final class EntryBundle {
    public static final int MAX_ENTRY_BYTES = 0xFFFF;

    private EntryBundle() {}

    /** Visits entries in place, without copying them (for streaming a large index). */
    @FunctionalInterface
    public interface Visitor {
        void entry(int position, byte[] bundle, int offset, int length);
    }

    public static byte[] encode(List<byte[]> entries) {
        if (entries.size() > TilePath.WIDTH) {
            throw new IllegalArgumentException("a bundle holds at most " + TilePath.WIDTH + " entries, got "
                    + entries.size());
        }
        int total = 0;
        for (int i = 0; i < entries.size(); i++) {
            requireFits(i, entries.get(i));
            total += 2 + entries.get(i).length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] e : entries) {
            out[at++] = (byte) (e.length >>> 8);
            out[at++] = (byte) e.length;
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        return out;
    }

    /**
     * Refuses an entry that a bundle cannot hold.
     *
     * @param position where the entry stands, for the message (its sequence number, or its place in a batch)
     */
    public static void requireFits(long position, byte[] entry) {
        if (entry.length > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("entry " + position + " is " + entry.length + " bytes, over the "
                    + MAX_ENTRY_BYTES + "-byte limit of an entry bundle: the leaf must be a compact entry that points"
                    + " to its manifest by digest, never the manifest itself");
        }
    }

    public static List<byte[]> decode(byte[] bundle) throws TileFormatException {
        List<byte[]> out = new ArrayList<>();
        forEach(bundle, (position, buf, off, len) -> out.add(Arrays.copyOfRange(buf, off, off + len)));
        return out;
    }

    /** Decodes a bundle that must hold exactly {@code expected} entries (its width). */
    public static List<byte[]> decode(byte[] bundle, int expected) throws TileFormatException {
        List<byte[]> out = decode(bundle);
        if (out.size() != expected) {
            throw new TileFormatException("entry bundle holds " + out.size() + " entries, expected " + expected);
        }
        return out;
    }

    /** Walks the bundle and returns how many entries it holds. */
    public static int forEach(byte[] bundle, Visitor visitor) throws TileFormatException {
        int at = 0;
        int count = 0;
        while (at < bundle.length) {
            if (count == TilePath.WIDTH) {
                throw new TileFormatException("entry bundle has bytes after entry " + (TilePath.WIDTH - 1)
                        + " at offset " + at);
            }
            if (at + 2 > bundle.length) {
                throw new TileFormatException("entry bundle ends inside the length prefix of entry " + count
                        + " at offset " + at);
            }
            int len = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
            at += 2;
            if (at + len > bundle.length) {
                throw new TileFormatException("entry " + count + " of the bundle claims " + len + " bytes at offset "
                        + at + " but only " + (bundle.length - at) + " remain (truncated)");
            }
            visitor.entry(count, bundle, at, len);
            at += len;
            count++;
        }
        return count;
    }
}
