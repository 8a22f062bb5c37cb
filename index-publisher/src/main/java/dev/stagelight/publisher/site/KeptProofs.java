package dev.stagelight.publisher.site;

import dev.stagelight.verifier.merkle.Proofs;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.source.DirectorySource;
import dev.stagelight.verifier.tiles.TileHashReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inclusion proofs for entry pages, each against a kept checkpoint ({@code checkpoints/<size>}, immutable) rather
 * than the latest one, so no entry page goes stale when the log grows: an entry's page proves it against the
 * smallest kept checkpoint that covers it, which is the one kept when the entry was first rendered, on an
 * incremental render and on a rebuild alike. The browser verifier brings that proof up to date with a consistency
 * proof. Each kept checkpoint's root is checked against the tiles before any proof against it is shown.
 */
final class KeptProofs {
    private final Path index;
    private final NoteVerifierKey vkey;
    private final TreeSet<Long> kept;
    private final Map<Long, byte[]> roots = new ConcurrentHashMap<>();
    /** Tile readers are not thread-safe: one per thread and tree size. */
    private final ThreadLocal<Map<Long, TileHashReader>> readers = ThreadLocal.withInitial(HashMap::new);
    private final DirectorySource source;

    private KeptProofs(Path index, NoteVerifierKey vkey, TreeSet<Long> kept) throws IOException {
        this.index = index;
        this.vkey = vkey;
        this.kept = kept;
        this.source = new DirectorySource(index);
    }

    /** The kept checkpoints of sizes 1..{@code size} in {@code index/checkpoints/}. */
    static KeptProofs open(Path index, NoteVerifierKey vkey, long size) throws IOException {
        TreeSet<Long> kept = new TreeSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(index.resolve("checkpoints"))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.matches("[1-9][0-9]{0,18}") && Long.parseLong(name) <= size) {
                    kept.add(Long.parseLong(name));
                }
            }
        } catch (NoSuchFileException e) {
            // none kept yet
        }
        return new KeptProofs(index, vkey, kept);
    }

    /** The size of the kept checkpoint an entry's page proves it against. */
    long sizeFor(long seq) throws IOException {
        Long s = kept.ceiling(seq + 1);
        if (s == null) {
            throw new IOException(index.resolve("checkpoints") + ": no kept checkpoint covers entry " + seq);
        }
        return s;
    }

    List<byte[]> inclusion(long seq, long size) throws IOException {
        return Proofs.inclusion(seq, size, reader(size));
    }

    /** The root at a kept size, computed from the tiles and checked against the signed kept checkpoint. */
    byte[] root(long size) throws IOException {
        byte[] cached = roots.get(size);
        if (cached != null) {
            return cached;
        }
        Path file = index.resolve(SitePaths.keptCheckpoint(size));
        Checkpoint cp;
        try {
            cp = Checkpoint.openSigned(Files.readAllBytes(file), List.of(vkey), file.toString());
        } catch (NoteException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        byte[] computed = Proofs.root(size, reader(size));
        if (cp.size() != size || !java.util.Arrays.equals(cp.rootHash(), computed)) {
            throw new IOException(file + ": kept checkpoint (size " + cp.size() + ", root "
                    + HexFormat.of().formatHex(cp.rootHash()) + ") does not match the tiles at size " + size + " (root "
                    + HexFormat.of().formatHex(computed) + "): the log was rewritten; refusing to render proofs against it");
        }
        roots.put(size, computed);
        return computed;
    }

    private TileHashReader reader(long size) {
        return readers.get().computeIfAbsent(size, s -> new TileHashReader(source, s));
    }
}
