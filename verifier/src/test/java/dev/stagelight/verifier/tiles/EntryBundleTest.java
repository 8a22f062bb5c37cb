package dev.stagelight.verifier.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryBundleTest {
    @Test
    void encodesUint16BigEndianLengthPrefixes() throws TileFormatException {
        byte[] big = new byte[EntryBundle.MAX_ENTRY_BYTES];
        big[big.length - 1] = 7;
        byte[] bundle = EntryBundle.encode(List.of("one".getBytes(), new byte[0], big));
        assertArrayEquals(new byte[] {0, 3, 'o', 'n', 'e', 0, 0, (byte) 0xff, (byte) 0xff}, java.util.Arrays
                .copyOf(bundle, 9));
        List<byte[]> back = EntryBundle.decode(bundle, 3);
        assertArrayEquals("one".getBytes(), back.get(0));
        assertEquals(0, back.get(1).length);
        assertArrayEquals(big, back.get(2));
    }

    @Test
    void oversizeEntryIsRefusedWithTheCompactEntryAdvice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntryBundle.encode(List.of(new byte[EntryBundle.MAX_ENTRY_BYTES + 1])));
        assertTrue(e.getMessage().contains("65536 bytes") && e.getMessage().contains("points to its manifest by digest"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EntryBundleUpdate.plan(300,
                List.of(new byte[1], new byte[70_000]), EntryBundle.encode(repeat(44))));
        assertTrue(e.getMessage().startsWith("entry 301 "), e.getMessage());
    }

    @Test
    void malformedBundlesAreRefusedSayingWhere() {
        assertTrue(assertThrows(TileFormatException.class, () -> EntryBundle.decode(new byte[] {0, 5, 1, 2}))
                .getMessage().contains("truncated"));
        assertTrue(assertThrows(TileFormatException.class, () -> EntryBundle.decode(new byte[] {0, 1, 1, 0}))
                .getMessage().contains("length prefix of entry 1"));
        assertTrue(assertThrows(TileFormatException.class, () -> EntryBundle.decode(new byte[] {0, 0}, 2))
                .getMessage().contains("expected 2"));
        byte[] tooMany = new byte[2 * 257];
        assertTrue(assertThrows(TileFormatException.class, () -> EntryBundle.decode(tooMany))
                .getMessage().contains("after entry 255"));
    }

    @Test
    void bundleUpdateExtendsThePartialAndSplitsAt256() throws TileFormatException {
        List<byte[]> first = repeat(250);
        Map<String, byte[]> a = EntryBundleUpdate.plan(0, first, null);
        assertEquals(List.of("tile/entries/000.p/250"), List.copyOf(a.keySet()));
        assertEquals("tile/entries/000.p/250", EntryBundleUpdate.partialBundlePath(250).orElseThrow());
        Map<String, byte[]> b = EntryBundleUpdate.plan(250, repeat(300), a.get("tile/entries/000.p/250"));
        assertEquals(List.of("tile/entries/000", "tile/entries/001", "tile/entries/002.p/38"),
                List.copyOf(b.keySet()));
        List<byte[]> all = new ArrayList<>(first);
        all.addAll(repeat(300));
        assertArrayEquals(EntryBundle.encode(all.subList(0, 256)), b.get("tile/entries/000"));
        assertArrayEquals(EntryBundle.encode(all.subList(256, 512)), b.get("tile/entries/001"));
        assertArrayEquals(EntryBundle.encode(all.subList(512, 550)), b.get("tile/entries/002.p/38"));
        assertTrue(EntryBundleUpdate.partialBundlePath(512).isEmpty());
        assertEquals(List.of("tile/entries/002.p/1"),
                List.copyOf(EntryBundleUpdate.plan(512, repeat(1), null).keySet()));
        assertThrows(IllegalArgumentException.class, () -> EntryBundleUpdate.plan(3, repeat(1), null));
        TileFormatException e = assertThrows(TileFormatException.class,
                () -> EntryBundleUpdate.plan(3, repeat(1), EntryBundle.encode(repeat(2))));
        assertTrue(e.getMessage().startsWith("tile/entries/000.p/3: "), e.getMessage());
    }

    private static List<byte[]> repeat(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("entry " + i).getBytes());
        }
        return out;
    }
}
