package dev.stagelight.verifier.tiles;

/**
 * A C2SP tlog-tiles path: hash tiles {@code tile/<L>/<N>[.p/<W>]} and entry bundles {@code tile/entries/<N>[.p/<W>]}.
 * {@code N} is written in groups of three digits, all but the last prefixed by {@code x} ({@code 1234067} is
 * {@code x001/x234/067}); a full tile (width 256) has no {@code .p/<W>} suffix. A level-L hash tile holds the
 * stored hashes of tree level 8L.
 *
 * @param entries true for an entry bundle (then {@code level} is 0)
 * @param width number of hashes or entries, 1..256
 */
public record TilePath(boolean entries, int level, long index, int width) {
    public static final int WIDTH = 256;
    /** Tree levels per tile level: 256 = 2^8. */
    public static final int HEIGHT = 8;
    private static final int MAX_LEVEL = 63;

    public TilePath {
        if (level < 0 || level > MAX_LEVEL || (entries && level != 0)) {
            throw new IllegalArgumentException("tile level " + level + " is outside 0.." + MAX_LEVEL);
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is outside 1.." + WIDTH);
        }
    }

    public static TilePath hashTile(int level, long index, int width) {
        return new TilePath(false, level, index, width);
    }

    public static TilePath entryBundle(long index, int width) {
        return new TilePath(true, 0, index, width);
    }

    /** The hash tile {@code (level, index)} as it stands at {@code treeSize}. */
    public static TilePath hashTileAt(int level, long index, long treeSize) {
        return hashTile(level, index, widthAt(level, index, treeSize));
    }

    /** The entry bundle {@code index} as it stands at {@code treeSize}. */
    public static TilePath entryBundleAt(long index, long treeSize) {
        return entryBundle(index, widthAt(0, index, treeSize));
    }

    /** Partial width of the right-edge tile of level {@code level} at {@code treeSize}: floor(s / 256^l) mod 256. */
    public static int partialWidth(int level, long treeSize) {
        return (int) (storedHashes(level, treeSize) % WIDTH);
    }

    /** Number of complete tree-level-8L hashes (level-0: leaves) at {@code treeSize}: floor(s / 256^l). */
    public static long storedHashes(int level, long treeSize) {
        int shift = HEIGHT * level;
        return shift >= Long.SIZE ? 0 : treeSize >>> shift;
    }

    private static int widthAt(int level, long index, long treeSize) {
        long remaining = storedHashes(level, treeSize) - index * WIDTH;
        if (remaining <= 0) {
            throw new IllegalArgumentException("tile " + level + "/" + index + " is empty at tree size " + treeSize);
        }
        return (int) Math.min(WIDTH, remaining);
    }

    public boolean isFull() {
        return width == WIDTH;
    }

    public String path() {
        StringBuilder b = new StringBuilder(32).append("tile/");
        b.append(entries ? "entries" : Integer.toString(level)).append('/').append(encodeIndex(index));
        if (!isFull()) {
            b.append(".p/").append(width);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return path();
    }

    /** {@code 1234067} → {@code x001/x234/067}; {@code 5} → {@code 005}. */
    public static String encodeIndex(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("tile index " + n + " is negative");
        }
        String last = String.format("%03d", n % 1000);
        return n < 1000 ? last : encodeGroups(n / 1000) + "/" + last;
    }

    private static String encodeGroups(long n) {
        String group = String.format("x%03d", n % 1000);
        return n < 1000 ? group : encodeGroups(n / 1000) + "/" + group;
    }

    /** Parses the canonical form {@link #path()} writes; anything else is refused with what is wrong. */
    public static TilePath parse(String path) throws TileFormatException {
        String rest = strip(path, "tile/", path);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw bad(path, "expected tile/<L>/<N> or tile/entries/<N>");
        }
        String kind = rest.substring(0, slash);
        String tail = rest.substring(slash + 1);
        boolean entries = kind.equals("entries");
        int level = entries ? 0 : (int) decimal(kind, MAX_LEVEL, path, "level");
        int width = WIDTH;
        int partial = tail.indexOf(".p/");
        if (partial >= 0) {
            width = (int) decimal(tail.substring(partial + 3), WIDTH - 1, path, "partial width");
            if (width == 0) {
                throw bad(path, "partial width 0; an empty tile is never written");
            }
            tail = tail.substring(0, partial);
        }
        return new TilePath(entries, level, decodeIndex(tail, path), width);
    }

    private static long decodeIndex(String encoded, String path) throws TileFormatException {
        String[] groups = encoded.split("/", -1);
        long n = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            boolean last = i == groups.length - 1;
            if (!last) {
                if (!g.startsWith("x") || (i == 0 && g.equals("x000"))) {
                    throw bad(path, "index group \"" + g + "\" must be x followed by three digits, no leading x000");
                }
                g = g.substring(1);
            }
            if (g.length() != 3 || !g.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(path, "index group \"" + groups[i] + "\" must be three digits");
            }
            if (n > (Long.MAX_VALUE - 999) / 1000) {
                throw bad(path, "index too large");
            }
            n = n * 1000 + Integer.parseInt(g);
        }
        return n;
    }

    private static long decimal(String s, long max, String path, String what) throws TileFormatException {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || (s.length() > 1 && s.charAt(0) == '0')) {
            throw bad(path, what + " \"" + s + "\" must be a decimal number without leading zeros");
        }
        long v = Long.parseLong(s);
        if (v > max) {
            throw bad(path, what + " " + v + " is over " + max);
        }
        return v;
    }

    private static String strip(String s, String prefix, String path) throws TileFormatException {
        if (s == null || !s.startsWith(prefix)) {
            throw bad(path, "expected a path starting with " + prefix);
        }
        return s.substring(prefix.length());
    }

    private static TileFormatException bad(String path, String what) {
        return new TileFormatException("tile path \"" + path + "\": " + what);
    }
}
