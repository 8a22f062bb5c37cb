package dev.stagelight.verifier.check;

/** C2SP tlog-tiles paths. */
final class TileNames {
    private TileNames() {}

    static String hashTile(int level, long index, int width) {
        return "tile/" + level + "/" + encode(index) + (width == 256 ? "" : ".p/" + width);
    }

    static String entryBundle(long index, int width) {
        return "tile/entries/" + encode(index) + (width == 256 ? "" : ".p/" + width);
    }

    private static String encode(long n) {
        StringBuilder b = new StringBuilder(String.format("%03d", n % 1000));
        for (n /= 1000; n > 0; n /= 1000) {
            b.insert(0, String.format("x%03d/", n % 1000));
        }
        return b.toString();
    }
}
