package dev.stagelight.rollout.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void shortAndIsoForms() {
        assertEquals(Duration.ofHours(24), Durations.parse("24h").orElseThrow());
        assertEquals(Duration.ofMinutes(30), Durations.parse("30m").orElseThrow());
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s").orElseThrow());
        assertEquals(Duration.ofDays(2), Durations.parse("2d").orElseThrow());
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m").orElseThrow());
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms").orElseThrow());
        assertEquals(Duration.ofHours(24), Durations.parse("PT24H").orElseThrow());
        assertEquals(Duration.ofDays(2), Durations.parse("P2D").orElseThrow());
        assertTrue(Durations.parse("soon").isEmpty());
        assertTrue(Durations.parse("24").isEmpty());
        assertTrue(Durations.parse("-PT1H").isEmpty());
        assertTrue(Durations.parse("h").isEmpty());
    }

    @Test
    void formatsShort() {
        assertEquals("24h", Durations.format(Duration.ofHours(24)));
        assertEquals("48h", Durations.format(Duration.ofDays(2)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)), "seconds are not dropped");
        assertEquals("96h", Durations.format(Duration.ofDays(4)), "the flow's total_rollout_duration");
        for (Duration d : new Duration[] {Duration.ofMillis(1500), Duration.ofHours(103).plusMinutes(7), Duration.ofDays(30)}) {
            assertEquals(d, Durations.parse(Durations.format(d)).orElseThrow(), "round trip of " + d);
        }
    }
}
