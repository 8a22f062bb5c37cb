package dev.stagelight.verifier.source;

import java.io.IOException;

/**
 * Paths inside an index come from files the verifier has not trusted yet (an entry's {@code manifest_path}),
 * so they are confined to the index root before any read: relative, forward slashes, no {@code .} or {@code ..}
 * segments, no scheme, no control characters.
 */
public final class RelativePaths {
    private RelativePaths() {}

    /** Throws an {@link UnsafePathException} naming {@code where} unless {@code path} stays inside the index root. */
    public static void requireSafe(String path, String where) throws UnsafePathException {
        String problem = problem(path);
        if (problem != null) {
            throw new UnsafePathException(where + ": path '" + printable(path) + "' " + problem);
        }
    }

    /** Why {@code path} is not a safe index-relative path, or null when it is. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.startsWith("/") || path.startsWith("\\") || (path.length() > 1 && path.charAt(1) == ':')) {
            return "is absolute (expected a path relative to the index root)";
        }
        if (path.contains("://") || path.startsWith("//")) {
            return "names another host (expected a path relative to the index root)";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character";
            }
            if (c == '\\' || c == '?' || c == '#' || c == '%') {
                return "contains '" + c + "' (expected plain path segments)";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "has an empty, '.' or '..' segment (path traversal is refused)";
            }
        }
        return null;
    }

    private static String printable(String path) {
        if (path == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        path.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** A path in the index would leave the index root. */
    public static final class UnsafePathException extends IOException {
        private static final long serialVersionUID = 1L;

        public UnsafePathException(String message) {
            super(message);
        }
    }
}
