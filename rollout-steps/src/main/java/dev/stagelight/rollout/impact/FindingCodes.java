package dev.stagelight.rollout.impact;

import java.util.List;

/** The closed vocabularies of scan findings, as canonical (shared) strings. */
public final class FindingCodes {
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "none");
    /** SR static reachable, RO runtime observed, CR conditionally reachable, UR unreachable, UK unknown. */
    public static final List<String> REACHABILITY = List.of("SR", "RO", "CR", "UR", "UK");
    public static final List<String> VEX = List.of("", "affected", "not_affected", "under_investigation", "fixed");

    private FindingCodes() {}

    /** The shared instance of {@code value} from {@code codes}, or null when it is not one of them. */
    static String canonical(List<String> codes, String value) {
        for (String c : codes) {
            if (c.equals(value)) {
                return c;
            }
        }
        return null;
    }
}
