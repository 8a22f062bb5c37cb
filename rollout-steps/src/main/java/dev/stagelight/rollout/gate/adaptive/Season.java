package dev.stagelight.rollout.gate.adaptive;

import dev.stagelight.rollout.input.InputEnum;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * The seasonal buckets of a seasonal baseline, in the rule's time zone: the hour of the day (24 buckets), the day of
 * the week (7) or both (168, the hour of the week; needs a window of several weeks to fill).
 */
public enum Season implements InputEnum {
    HOUR_OF_DAY(24),
    DAY_OF_WEEK(7),
    HOUR_OF_WEEK(168);

    private final int buckets;

    Season(int buckets) {
        this.buckets = buckets;
    }

    public int buckets() {
        return buckets;
    }

    /** The bucket of the instant {@code epochSecond} in {@code zone}: 0..buckets-1, Monday first for days. */
    public int bucket(long epochSecond, ZoneRules zone) {
        long local = epochSecond + offsetSeconds(epochSecond, zone);
        long day = Math.floorDiv(local, 86_400);
        int hour = (int) (Math.floorMod(local, 86_400) / 3_600);
        int dow = (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday: 0 = Monday
        return switch (this) {
            case HOUR_OF_DAY -> hour;
            case DAY_OF_WEEK -> dow;
            case HOUR_OF_WEEK -> dow * 24 + hour;
        };
    }

    /**
     * The start of the bucket's occurrence that holds {@code epochSecond} (the hour, or the day, it falls in): a
     * seasonal baseline takes only earlier occurrences, so the current hour is judged against the same hour of the
     * days before, not against its own first minutes.
     */
    public long occurrenceStart(long epochSecond, ZoneRules zone) {
        long offset = offsetSeconds(epochSecond, zone);
        long local = epochSecond + offset;
        long unit = this == DAY_OF_WEEK ? 86_400 : 3_600;
        return local - Math.floorMod(local, unit) - offset;
    }

    /** The bucket as people read it: {@code 14h}, {@code Tue}, {@code Tue 14h}. */
    public String label(int bucket) {
        return switch (this) {
            case HOUR_OF_DAY -> String.format(Locale.ROOT, "%02dh", bucket);
            case DAY_OF_WEEK -> day(bucket);
            case HOUR_OF_WEEK -> String.format(Locale.ROOT, "%s %02dh", day(bucket / 24), bucket % 24);
        };
    }

    private static String day(int mondayZero) {
        String d = DayOfWeek.of(mondayZero + 1).name();
        return d.charAt(0) + d.substring(1, 3).toLowerCase(Locale.ROOT);
    }

    private static long offsetSeconds(long epochSecond, ZoneRules zone) {
        if (zone.isFixedOffset()) {
            return zone.getOffset(java.time.Instant.EPOCH).getTotalSeconds();
        }
        return zone.getOffset(java.time.Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    static ZoneRules rules(ZoneId zone) {
        return zone == null ? ZoneOffset.UTC.getRules() : zone.getRules();
    }
}
