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
import org.eclipse.jgit.lib.ObjectInserter;

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
     */
    public static Written write(Path folder, byte[] checkpoint, String checkpointPath, ObjectInserter inserter)
            throws PublishException {
        Path root = folder.toAbsolutePath().normalize();
        Path realRoot;
        List<String> paths;
        try {
            realRoot = root.toRealPath();
            paths = list(root, realRoot);
        } catch (IOException e) {
            throw new PublishException(root + ": cannot list the folder: " + describe(e), e);
        }
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        long bytes = 0;
        boolean hasNoJekyll = false;
        try {
            for (String rel : paths) {
                Path file = root.resolve(rel);
                ObjectId id;
                long length;
                if (rel.equals(checkpointPath)) {
                    id = inserter.insert(Constants.OBJ_BLOB, checkpoint);
                    length = checkpoint.length;
                } else {
                    length = Files.size(file);
                    try (InputStream in = Files.newInputStream(file)) {
                        id = inserter.insert(Constants.OBJ_BLOB, length, in);
                    }
                }
                hasNoJekyll |= rel.equals(NO_JEKYLL);
                b.add(entry(rel, id, file));
                bytes += length;
            }
            if (!hasNoJekyll) {
                b.add(entry(NO_JEKYLL, inserter.insert(Constants.OBJ_BLOB, new byte[0]), root.resolve(NO_JEKYLL)));
            }
            b.finish();
            ObjectId tree = dc.writeTree(inserter);
            inserter.flush();
            return new Written(tree, paths.size() + (hasNoJekyll ? 0 : 1), bytes);
        } catch (IOException e) {
            throw new PublishException(root + ": cannot store the folder in git: " + describe(e), e);
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

    /** Relative paths ({@code /}-separated) of the files to publish. */
    private static List<String> list(Path root, Path realRoot) throws IOException {
        List<String> out = new ArrayList<>();
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
                if (attrs.isSymbolicLink()) {
                    Path real = file.toRealPath();
                    if (!real.startsWith(realRoot) || !Files.isRegularFile(real)) {
                        throw new IOException(file + " links to " + real + ", which is not a file inside " + realRoot);
                    }
                } else if (!attrs.isRegularFile()) {
                    throw new IOException(file + ": neither a regular file nor a folder");
                }
                StringBuilder rel = new StringBuilder();
                for (Path part : root.relativize(file)) {
                    rel.append(rel.length() == 0 ? "" : "/").append(part);
                }
                out.add(rel.toString());
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
