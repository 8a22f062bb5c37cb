package dev.stagelight.verifier.report;

import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.CheckStatus;
import dev.stagelight.verifier.check.Report;
import dev.stagelight.verifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** JUnit XML ({@code --junit FILE}) so CI servers show each check as a test case: one suite, one case per check. */
public final class JunitReport {
    private JunitReport() {}

    public static void write(Report report, Path file) throws IOException {
        AtomicFiles.replace(file, render(report).getBytes(StandardCharsets.UTF_8));
    }

    public static String render(Report report) {
        long failures = report.checks().stream().filter(c -> c.status() == CheckStatus.FAILED).count();
        long skipped = report.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED).count();
        String suite = "stagelight-verifier." + report.command();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"").append(escape(suite)).append("\" tests=\"").append(report.checks().size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\">\n");
        x.append("  <properties>\n");
        property(x, "target", report.target());
        property(x, "tree_size", Long.toString(report.treeSize()));
        property(x, "entries", Long.toString(report.entries()));
        property(x, "files_read", Long.toString(report.filesRead()));
        x.append("  </properties>\n");
        int n = 0;
        for (Check c : report.checks()) {
            // Names repeat (one failure per broken entry); a counter keeps test case names unique.
            x.append("  <testcase classname=\"").append(escape(suite)).append("\" name=\"")
                    .append(escape(String.format("%03d %s", ++n, c.name()))).append("\">");
            switch (c.status()) {
                case FAILED -> x.append("<failure message=\"").append(escape(c.message())).append("\">")
                        .append(escape(c.message())).append("</failure>");
                case SKIPPED -> x.append("<skipped message=\"").append(escape(c.message())).append("\"/>");
                case OK -> x.append("<system-out>").append(escape(c.message())).append("</system-out>");
            }
            x.append("</testcase>\n");
        }
        x.append("</testsuite>\n");
        return x.toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("    <property name=\"").append(escape(name)).append("\" value=\"").append(escape(value))
                .append("\"/>\n");
    }

    /** XML 1.0 text: markup characters escaped, characters XML cannot carry replaced by U+FFFD. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    boolean legal = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    b.appendCodePoint(legal ? c : 0xFFFD);
                }
            }
        });
        return b.toString();
    }
}
