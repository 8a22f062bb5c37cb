package dev.stagelight.verifier.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TilePathTest {
    @ParameterizedTest
    @CsvSource({
        "false, 0, 0, 256, tile/0/000",
        "false, 0, 0, 3, tile/0/000.p/3",
        "false, 1, 1234067, 256, tile/1/x001/x234/067",
        "false, 2, 1000, 255, tile/2/x001/000.p/255",
        "true, 0, 999, 256, tile/entries/999",
        "true, 0, 1234067, 8, tile/entries/x001/x234/067.p/8",
        "false, 3, 1000000, 256, tile/3/x001/x000/000",
    })
    void formatsAndParsesBothWays(boolean entries, int level, long index, int width, String path)
            throws TileFormatException {
        TilePath tile = new TilePath(entries, level, index, width);
        assertEquals(path, tile.path());
        assertEquals(tile, TilePath.parse(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tile/0/0", "tile/0/x000/001", "tile/0/001.p/0", "tile/0/001.p/256", "tile/0/001.p/07",
        "tile/00/001", "tile/64/001", "tile/0/x1/001", "tile/0/001/", "tiles/0/001", "tile/entries/00a",
        "tile/0", "tile/-1/000", "tile/0/001.p/"})
    void nonCanonicalPathsAreRefusedNamingThePath(String path) {
        TileFormatException e = assertThrows(TileFormatException.class, () -> TilePath.parse(path));
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void partialWidthIsFloorOfSizeOverPowerMod256() {
        long s = 70_000; // 273 full level-0 tiles, 112 leaves over; 1 full level-1 tile, 17 hashes over
        assertEquals(112, TilePath.partialWidth(0, s));
        assertEquals(17, TilePath.partialWidth(1, s));
        assertEquals(1, TilePath.partialWidth(2, s));
        assertEquals(0, TilePath.partialWidth(3, s));
        assertEquals(0, TilePath.partialWidth(9, Long.MAX_VALUE));
        assertEquals("tile/0/273.p/112", TilePath.hashTileAt(0, 273, s).path());
        assertEquals("tile/0/272", TilePath.hashTileAt(0, 272, s).path());
        assertEquals("tile/1/001.p/17", TilePath.hashTileAt(1, 1, s).path());
        assertEquals("tile/2/000.p/1", TilePath.hashTileAt(2, 0, s).path());
        assertEquals("tile/entries/273.p/112", TilePath.entryBundleAt(273, s).path());
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTileAt(0, 274, s));
    }
}
