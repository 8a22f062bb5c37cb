package dev.stagelight.verifier.tiles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure write-side math of an append for entry bundles: the bundles that change when k entries join a log of
 * {@code oldSize}. Only the old right-edge (partial) bundle is needed; full bundles are never produced again.
 */
public final class EntryBundleUpdate {
    private EntryBundleUpdate() {}

    /** The partial bundle at {@code treeSize} that an append must extend, if the right edge is partial. */
    public static Optional<String> partialBundlePath(long treeSize) {
        int width = TilePath.partialWidth(0, treeSize);
        return width == 0 ? Optional.empty()
                : Optional.of(TilePath.entryBundle(treeSize / TilePath.WIDTH, width).path());
    }

    /**
     * @param existingPartial the bytes of {@link #partialBundlePath(long) the partial bundle} at {@code oldSize};
     *     ignored (may be null) when the old right edge is full
     * @return path → bytes, in index order
     * @throws IllegalArgumentException for an entry over 65,535 bytes (naming its sequence number) or a missing
     *     partial bundle
     * @throws TileFormatException when {@code existingPartial} is not a bundle of the expected width
     */
    public static Map<String, byte[]> plan(long oldSize, List<byte[]> newEntries, byte[] existingPartial)
            throws TileFormatException {
        if (oldSize < 0) {
            throw new IllegalArgumentException("tree size " + oldSize + " is negative");
        }
        for (int i = 0; i < newEntries.size(); i++) {
            EntryBundle.requireFits(oldSize + i, newEntries.get(i));
        }
        int oldWidth = TilePath.partialWidth(0, oldSize);
        List<byte[]> current = new ArrayList<>(TilePath.WIDTH);
        if (oldWidth > 0) {
            if (existingPartial == null) {
                throw new IllegalArgumentException("appending at size " + oldSize + " needs the partial bundle "
                        + partialBundlePath(oldSize).orElseThrow());
            }
            try {
                current.addAll(EntryBundle.decode(existingPartial, oldWidth));
            } catch (TileFormatException e) {
                throw new TileFormatException(partialBundlePath(oldSize).orElseThrow() + ": " + e.getMessage());
            }
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        long bundle = oldSize / TilePath.WIDTH;
        for (int i = 0; i < newEntries.size(); i++) {
            current.add(newEntries.get(i));
            boolean last = i == newEntries.size() - 1;
            if (current.size() == TilePath.WIDTH || last) {
                out.put(TilePath.entryBundle(bundle, current.size()).path(), EntryBundle.encode(current));
                current.clear();
                bundle++;
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
