package dev.stagelight.rollout.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    /** Agrees with Instant.parse over random instants from 1970 to 2100 (leap days and month ends included). */
    @Test
    void agreesWithInstantParse() {
        Random r = new Random(3339);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(Math.floorMod(r.nextLong(), 4_102_444_800L));
            String s = t.toString();
            assertEquals(Instant.parse(s), Rfc3339.parseUtcSeconds(s), s);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), Rfc3339.parseUtcSeconds("2024-02-29T23:59:59Z"));
    }

    /** Other forms and invalid times fall back to Instant.parse, which accepts or names the error. */
    @Test
    void leavesEverythingElseToInstantParse() {
        for (String s : new String[] {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-12-01T24:00:00Z",
                "2024-12-01T00:60:00Z", "2024-12-01T00:00:60Z", "2024-12-01T00:00:00.5Z", "2024-12-01 00:00:00Z",
                "2024-12-01T00:00:00+01:00", "2024-1a-01T00:00:00Z", "yesterday"}) {
            assertNull(Rfc3339.parseUtcSeconds(s), s);
        }
    }
}
