package dev.stagelight.publisher.publish;

import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes a published folder as a git tree: every regular file, as a non-executable blob, at its relative path.
 * Left out: temp files of {@link AtomicFiles} (an interrupted write, not part of the index) and {@code .git} folders.
 * Symbolic links are followed when they stay inside the folder, as {@code DirectorySource} allows. An empty
 * {@code .nojekyll} is added unless the folder has one: GitHub Pages would otherwise run Jekyll over the site,
 * which drops files whose names start with {@code _} (such as {@code _headers}).
 */
public final class FolderTree {
    public static final String NO_JEKYLL = ".nojekyll";

    /** The tree and what went into it. */
    public record Written(ObjectId tree, long files, long bytes) {}

    private FolderTree() {}

    /**
     * @param checkpoint the checkpoint bytes already read and verified; written in place of re-reading the file, so
     *                   the tree holds exactly the checkpoint that was checked
     * @param cache      remembers each file's size, modification time and blob id between runs
     */
    public static Written write(Path folder, byte[] checkpoint, String checkpointPath, Repository repo, StatCache cache)
            throws PublishException {
        Path root = folder.toAbsolutePath().normalize();
        List<Found> found;
        try {
            found = list(root, root.toRealPath());
            // In git's index order (bytewise), so neither DirCache below has to sort hundreds of thousands of entries.
            if (found.stream().noneMatch(f -> f.path().equals(NO_JEKYLL))) {
                found.add(new Found(NO_JEKYLL, null));
            }
            found.sort((x, y) -> java.util.Arrays.compareUnsigned(x.bytes(), y.bytes()));
        } catch (IOException e) {
            throw new PublishException(root + ": cannot list the folder: " + describe(e), e);
        }
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        long bytes = 0;
        try (ObjectInserter inserter = inserter(repo); ObjectReader reader = repo.newObjectReader()) {
            for (Found f : found) {
                Path file = root.resolve(f.path());
                ObjectId id;
                long length = f.attrs() == null ? 0 : f.attrs().size();
                if (f.attrs() == null) {
                    id = inserter.insert(Constants.OBJ_BLOB, new byte[0]);
                } else if (f.path().equals(checkpointPath)) {
                    id = inserter.insert(Constants.OBJ_BLOB, checkpoint);
                    length = checkpoint.length;
                } else {
                    id = cache.lookup(f.path(), f.attrs()).filter(known -> has(reader, known)).orElse(null);
                    if (id == null) {
                        try (InputStream in = Files.newInputStream(file)) {
                            id = inserter.insert(Constants.OBJ_BLOB, length, in);
                        }
                    }
                    cache.record(f.path(), f.attrs(), id);
                }
                b.add(entry(f.path(), id, file));
                bytes += length;
            }
            b.finish();
            ObjectId tree = dc.writeTree(inserter);
            inserter.flush();
            // Only now are the blobs stored: a cache saved before this could name objects that never were.
            cache.save();
            return new Written(tree, found.size(), bytes);
        } catch (IOException e) {
            throw new PublishException(root + ": cannot store the folder in git: " + describe(e), e);
        }
    }

    /**
     * One pack for the whole folder instead of one loose object file per published file (a million-entry index has
     * millions of files). The pack inserter is JGit-internal API, so any other object database gets the standard one.
     */
    private static ObjectInserter inserter(Repository repo) {
        if (repo.getObjectDatabase() instanceof ObjectDirectory dir) {
            PackInserter p = dir.newPackInserter();
            p.checkExisting(true);
            return p;
        }
        return repo.newObjectInserter();
    }

    /** A cached id is used only if the object is still there (the work area may have been cleaned). */
    private static boolean has(ObjectReader reader, ObjectId id) {
        try {
            return reader.has(id);
        } catch (IOException e) {
            return false;
        }
    }

    private static DirCacheEntry entry(String rel, ObjectId id, Path file) throws PublishException {
        DirCacheEntry e;
        try {
            e = new DirCacheEntry(rel);
        } catch (IllegalArgumentException bad) {
            throw new PublishException(file + ": this name cannot be stored in git (" + bad.getMessage() + ")");
        }
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(id);
        return e;
    }

    /** A file to publish: its relative path ({@code /}-separated) and the attributes of what it holds. */
    private record Found(String path, byte[] bytes, BasicFileAttributes attrs) {
        Found(String path, BasicFileAttributes attrs) {
            this(path, path.getBytes(java.nio.charset.StandardCharsets.UTF_8), attrs);
        }
    }

    private static List<Found> list(Path root, Path realRoot) throws IOException {
        List<Found> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && dir.getFileName().toString().equals(Constants.DOT_GIT)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (AtomicFiles.isTempFile(file)) {
                    return FileVisitResult.CONTINUE;
                }
                BasicFileAttributes held = attrs;
                if (attrs.isSymbolicLink()) {
                    Path real = file.toRealPath();
                    if (!real.startsWith(realRoot) || !Files.isRegularFile(real)) {
                        throw new IOException(file + " links to " + real + ", which is not a file inside " + realRoot);
                    }
                    held = Files.readAttributes(real, BasicFileAttributes.class);
                } else if (!attrs.isRegularFile()) {
                    throw new IOException(file + ": neither a regular file nor a folder");
                }
                StringBuilder rel = new StringBuilder();
                for (Path part : root.relativize(file)) {
                    rel.append(rel.length() == 0 ? "" : "/").append(part);
                }
                out.add(new Found(rel.toString(), held));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null ? kind : e instanceof java.nio.file.FileSystemException ? kind + " " + m : m;
    }
}
