package dev.stagelight.verifier.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** C2SP tlog-tiles entry bundles: each entry as a big-endian uint16 length followed by its bytes. */
final class EntryBundles {
    private EntryBundles() {}

    static List<byte[]> decode(byte[] data, String source) {
        List<byte[]> entries = new ArrayList<>(256);
        int off = 0;
        while (off < data.length) {
            if (off + 2 > data.length) {
                throw new IllegalArgumentException(source + ": byte " + off + ": truncated entry length");
            }
            int len = ((data[off] & 0xff) << 8) | (data[off + 1] & 0xff);
            off += 2;
            if (off + len > data.length) {
                throw new IllegalArgumentException(source + ": entry " + entries.size() + " at byte " + (off - 2)
                        + ": length " + len + " runs past the end of the bundle");
            }
            entries.add(Arrays.copyOfRange(data, off, off + len));
            off += len;
        }
        return entries;
    }
}
