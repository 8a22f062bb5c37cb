package dev.stagelight.verifier.bench;

import dev.stagelight.verifier.merkle.HashReader;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.merkle.StreamingRoot;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.EntryBundleUpdate;
import dev.stagelight.verifier.tiles.TileHashReader;
import dev.stagelight.verifier.tiles.TilePath;
import dev.stagelight.verifier.tiles.TileUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Benchmark of the log primitives (not a test): writes an N-entry tiled log into a folder with
 * {@link TileUpdate}/{@link EntryBundleUpdate} in batches, then streams every entry bundle back through
 * {@link EntryBundle#forEach} and {@link StreamingRoot}, checking each level-0 hash tile as it goes, and prints
 * the throughput. scripts/bench-log-primitives.sh runs it and times sha256sum over the same bundle bytes.
 *
 * <p>Usage: {@code LogStreamBench <folder> <entries>}
 */
public final class LogStreamBench {
    private LogStreamBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long entries = Long.parseLong(args[1]);
        long t0 = System.nanoTime();
        byte[] root = write(dir, entries);
        long t1 = System.nanoTime();
        System.out.printf("write: %d entries in %.2f s (TileUpdate + EntryBundleUpdate, batches of 1000)%n",
                entries, (t1 - t0) / 1e9);

        for (int run = 0; run < 3; run++) { // the first run includes JIT warm-up and a cold page cache
            long s0 = System.nanoTime();
            long bytes = stream(dir, entries, root);
            long s1 = System.nanoTime();
            double secs = (s1 - s0) / 1e9;
            System.out.printf("stream run %d: %d bundle bytes, %d entries, root and every level-0 tile checked,"
                    + " %.2f s, %.1f MB/s%n", run + 1, bytes, entries, secs, bytes / secs / 1e6);
        }
        System.out.printf("max heap: %d MB (the whole run fits in it)%n", Runtime.getRuntime().maxMemory() >> 20);
        // The bundles that make up the log at its final size, for sha256sum over the very same bytes.
        List<String> bundles = new ArrayList<>();
        for (long n = 0; n * TilePath.WIDTH < entries; n++) {
            bundles.add(dir.resolve(TilePath.entryBundleAt(n, entries).path()).toString());
        }
        Files.write(dir.resolve("bundles.txt"), bundles);
        System.out.println("root " + HexFormat.of().formatHex(root));
    }

    private static byte[] write(Path dir, long entries) throws IOException {
        byte[] root = MerkleHash.emptyRoot();
        for (long size = 0; size < entries; ) {
            int batch = (int) Math.min(1000, entries - size);
            List<byte[]> batchEntries = new ArrayList<>(batch);
            List<byte[]> leaves = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                byte[] e = entry(size + i);
                batchEntries.add(e);
                leaves.add(MerkleHash.leaf(e));
            }
            DirectorySource source = new DirectorySource(dir);
            HashReader existing = new TileHashReader(source, size);
            TileUpdate tiles = TileUpdate.plan(size, leaves, existing);
            byte[] partial = null;
            if (EntryBundleUpdate.partialBundlePath(size).isPresent()) {
                partial = source.read(EntryBundleUpdate.partialBundlePath(size).get());
            }
            Map<String, byte[]> bundles = EntryBundleUpdate.plan(size, batchEntries, partial);
            for (Map<String, byte[]> files : List.of(tiles.tiles(), bundles)) {
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    Path target = dir.resolve(f.getKey());
                    Files.createDirectories(target.getParent());
                    Files.write(target, f.getValue()); // speed of the math, not of fsync; the publisher uses AtomicFiles
                }
            }
            root = tiles.root();
            size += batch;
        }
        return root;
    }

    /** A compact entry shaped like a real v1 index entry (about 420 bytes of canonical JSON). */
    private static byte[] entry(long seq) {
        String digest = String.format("%064x", seq * 0x9E3779B97F4A7C15L);
        return ("{\"kind\":\"export\",\"manifest_path\":\"manifests/" + digest + ".json\",\"manifest_sha256\":\""
                + digest + "\",\"prev\":\"" + "0".repeat(64) + "\",\"region\":\"eu-west\",\"seq\":" + seq
                + ",\"signature\":{\"alg\":\"ed25519\",\"keyid\":\"k1\",\"sig\":\"" + "A".repeat(86) + "==\"},"
                + "\"tenant\":\"tenant-" + (seq % 97) + "\",\"ts\":\"2026-11-24T23:00:00Z\",\"v\":1}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long stream(Path dir, long entries, byte[] wantRoot) throws IOException {
        DirectorySource source = new DirectorySource(dir);
        byte[] computedTile = new byte[TilePath.WIDTH * MerkleHash.SIZE];
        StreamingRoot tree = new StreamingRoot((level, index, hash, off) -> {
            if (level == 0) {
                System.arraycopy(hash, off, computedTile, (int) (index % TilePath.WIDTH) * MerkleHash.SIZE,
                        MerkleHash.SIZE);
            }
        });
        long bytes = 0;
        for (long n = 0; n * TilePath.WIDTH < entries; n++) {
            TilePath bundlePath = TilePath.entryBundleAt(n, entries);
            byte[] bundle = source.read(bundlePath.path());
            bytes += bundle.length;
            EntryBundle.forEach(bundle, (position, buf, off, len) -> tree.appendEntry(buf, off, len));
            byte[] tile = source.read(TilePath.hashTileAt(0, n, entries).path());
            if (!Arrays.equals(tile, 0, tile.length, computedTile, 0, tile.length)) {
                throw new IllegalStateException("hash tile " + n + " differs from its entries");
            }
        }
        if (!Arrays.equals(wantRoot, tree.root())) {
            throw new IllegalStateException("root differs");
        }
        return bytes;
    }
}
