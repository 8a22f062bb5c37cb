package dev.stagelight.rollout.impact;

/** Writes scans as the JSONL lines {@link ScanReader} reads. */
public final class ScanJson {
    private ScanJson() {}

    /** Appends {@code scan} as one line of JSON, with its newline. */
    public static void appendLine(StringBuilder sb, Scan scan) {
        sb.append("{\"tenant\":");
        string(sb, scan.tenant());
        sb.append(",\"image\":");
        string(sb, scan.image());
        sb.append(",\"time\":\"").append(scan.time()).append("\",\"findings\":[");
        for (int i = 0; i < scan.findings().size(); i++) {
            Finding f = scan.findings().get(i);
            sb.append(i == 0 ? "{\"id\":" : ",{\"id\":");
            string(sb, f.id());
            sb.append(",\"severity\":\"").append(f.severity()).append('"');
            number(sb, "cvss", f.cvss());
            number(sb, "epss", f.epss());
            sb.append(",\"kev\":").append(f.kev());
            sb.append(",\"reachability\":\"").append(f.reachability()).append('"');
            sb.append(",\"fix_available\":").append(f.fixAvailable());
            sb.append(",\"package\":");
            string(sb, f.pkg());
            sb.append(",\"vex_status\":\"").append(f.vexStatus()).append('"');
            number(sb, "age_days", f.ageDays());
            sb.append('}');
        }
        sb.append("]}\n");
    }

    private static void number(StringBuilder sb, String name, double v) {
        if (!Double.isNaN(v)) {
            sb.append(",\"").append(name).append("\":");
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                sb.append((long) v);
            } else {
                sb.append(v);
            }
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
