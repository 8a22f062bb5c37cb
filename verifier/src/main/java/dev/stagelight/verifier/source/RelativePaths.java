package dev.stagelight.verifier.source;

/** The one check every source applies to a relative path before it touches anything. */
public final class RelativePaths {
    private RelativePaths() {}

    /**
     * Accepts only plain relative paths: non-empty segments separated by {@code /}, no {@code .} or {@code ..}
     * segment, no backslash, no control character, no leading slash or drive letter.
     */
    public static String requireSafe(String path) throws UnsafePathException {
        if (path == null || path.isEmpty()) {
            throw new UnsafePathException("empty path");
        }
        if (path.startsWith("/")) {
            throw new UnsafePathException(quoted(path) + " is absolute; expected a path relative to the index");
        }
        if (path.indexOf('\\') >= 0) {
            throw new UnsafePathException(quoted(path) + " contains a backslash; index paths use '/'");
        }
        if (path.length() > 1 && path.charAt(1) == ':') {
            throw new UnsafePathException(quoted(path) + " starts with a drive letter; expected a relative path");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new UnsafePathException(quoted(path) + " contains control character " + (int) c);
            }
        }
        if (path.startsWith("/") || path.endsWith("/") || path.contains("//") || path.equals(".")
                || path.startsWith("./") || path.contains("/./") || path.endsWith("/.") || path.contains("..")) {
            checkSegments(path); // the common path skips the split; the exact error comes from there
        }
        return path;
    }

    private static void checkSegments(String path) throws UnsafePathException {
        String quoted = quoted(path);
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new UnsafePathException(quoted + " has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new UnsafePathException(quoted + " contains '" + segment + "', which could leave the index");
            }
        }
    }

    /** The path for an error message (built only when one is thrown: this check runs for every file read). */
    private static String quoted(String path) {
        return "\"" + printable(path) + "\"";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
