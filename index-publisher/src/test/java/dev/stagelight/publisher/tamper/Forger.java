package dev.stagelight.publisher.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TilePath;
import dev.stagelight.verifier.tiles.TileUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an attacker who holds the log key could do: rewrite the entries and then recompute every entry bundle,
 * every hash tile and a freshly signed checkpoint, so the tree itself is perfectly consistent. Only the checks on
 * the entries (seq, chain, manifests) can catch such an index.
 */
final class Forger {
    private Forger() {}

    /** Every leaf of the index at {@code size}, in order. */
    static List<byte[]> leaves(Path index, long size) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (long b = 0; b * TilePath.WIDTH < size; b++) {
            TilePath p = TilePath.entryBundleAt(b, size);
            out.addAll(EntryBundle.decode(Files.readAllBytes(index.resolve(p.path())), p.width()));
        }
        return out;
    }

    /** Replaces the tiles and the checkpoint of {@code index} with a tree over {@code leaves}, signed by {@code key}. */
    static void rewrite(Path index, List<byte[]> leaves, NoteSignerKey key) throws Exception {
        Path tiles = index.resolve("tile");
        try (Stream<Path> files = Files.walk(tiles)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        long size = leaves.size();
        for (long b = 0; b * TilePath.WIDTH < size; b++) {
            TilePath p = TilePath.entryBundleAt(b, size);
            int from = (int) (b * TilePath.WIDTH);
            write(index.resolve(p.path()), EntryBundle.encode(leaves.subList(from, from + p.width())));
        }
        List<byte[]> hashes = leaves.stream().map(MerkleHash::leaf).toList();
        TileUpdate update = TileUpdate.plan(0, hashes, (level, i) -> {
            throw new IOException("an empty tree has no stored hashes");
        });
        for (var t : update.tiles().entrySet()) {
            write(index.resolve(t.getKey()), t.getValue());
        }
        sign(index, new Checkpoint(key.name(), size, update.root()), key);
    }

    static void sign(Path index, Checkpoint checkpoint, NoteSignerKey key) throws Exception {
        TamperFixture.overwrite(index.resolve("checkpoint"), NoteSigner.sign(checkpoint.format(), key));
    }

    /** The entry with one field replaced, in canonical form again (so only the field's meaning is wrong). */
    static byte[] withField(byte[] leaf, String field, JsonNode value) {
        ObjectNode entry = (ObjectNode) CanonicalJson.parse(leaf);
        entry.set(field, value);
        return CanonicalJson.canonicalize(entry);
    }

    private static void write(Path p, byte[] bytes) throws IOException {
        TamperFixture.overwrite(p, bytes);
    }
}
