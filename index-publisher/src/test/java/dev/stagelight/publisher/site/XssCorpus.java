package dev.stagelight.publisher.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Manifests whose every free-text string (export id, subject names and digest names, producer, policy, extra fields
 * and field names) carries a script payload. Each payload, if it ever ran, would set {@code window.xssFired}; the
 * Java test checks the HTML, the browser test checks that nothing ran.
 */
public final class XssCorpus {
    public static final List<String> PAYLOADS = List.of(
            "<script>window.xssFired=1</script>",
            "</script><script>window.xssFired=2</script>",
            "\"><img src=x onerror=\"window.xssFired=3\">",
            "'><svg onload='window.xssFired=4'>",
            "javascript:window.xssFired=5",
            "<svg><script>window.xssFired=6</script></svg>",
            "\u202Egnp.exe\u202C \u2066hidden\u2069 zero\u200Bwidth",
            "{{7*7}} ${7*7} <#assign x=1> [#-- --]",
            "<a href=\"javascript:window.xssFired=7\">click</a>",
            "<iframe srcdoc=\"<script>parent.xssFired=8</script>\"></iframe>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private XssCorpus() {}

    public static String statement(int i, String tenant) {
        String p = PAYLOADS.get(i % PAYLOADS.size());
        ObjectNode s = JSON.createObjectNode().put("_type", "https://in-toto.io/Statement/v1");
        ObjectNode subject = s.putArray("subject").addObject().put("name", p + "/findings-" + i + ".jsonl");
        subject.putObject("digest").put("sha256", "0".repeat(63) + "1").put(p, p);
        s.put("predicateType", "https://stagelight.dev/export-manifest/v1");
        ObjectNode pred = s.putObject("predicate").put("export_id", p + " #" + i).put("tenant", tenant)
                .put("region", "eu-west-1").put("created", "2026-11-24T12:00:00Z");
        pred.putObject("producer").put("name", p).put("build", "javascript:alert(" + i + ")");
        pred.putObject("policy").put("set", p).put("version", "1");
        pred.put(p, p);
        pred.putArray("notes").add(p).add("</code></td></tr></tbody></table><script>window.xssFired=9</script>");
        return s.toString();
    }
}
