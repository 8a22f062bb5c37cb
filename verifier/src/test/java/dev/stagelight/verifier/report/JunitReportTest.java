package dev.stagelight.verifier.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.Report;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JunitReportTest {
    @TempDir
    Path tmp;

    @Test
    void hostileMessagesStayWellFormedXml() throws Exception {
        String nasty = "a <b> & \"c\" 'd' \u0001\u0007 ]]> \uD83D\uDE00";
        Report report = new Report("index", "https://x/?a=1&b=2", List.of(Check.ok("one", "fine"),
                Check.failed("two", nasty), Check.skipped("three", "n/a"), Check.failed("two", "again")), 5, 5, 7, 99);
        Path file = tmp.resolve("out/junit.xml");
        JunitReport.write(report, file);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("a <b> & \"c\" 'd' \uFFFD\uFFFD ]]> \uD83D\uDE00", failure.getAttribute("message"));
        assertEquals("002 two", ((Element) failure.getParentNode()).getAttribute("name"));
        assertEquals("004 two", ((Element) xml.getElementsByTagName("testcase").item(3)).getAttribute("name"));
    }

    @Test
    void jsonReportCarriesEveryField() throws Exception {
        Report report = new Report("bundle", "dir/", List.of(Check.ok("x", "y\n\"z\"")), 12, 1, 9, 1000);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        JsonReport.write(report, out);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                new ByteArrayInputStream(out.toByteArray()));
        assertEquals("bundle", node.get("command").asText());
        assertEquals(true, node.get("verified").asBoolean());
        assertEquals(12, node.get("tree_size").asLong());
        assertEquals(9, node.get("files_read").asLong());
        assertEquals(1000, node.get("bytes_read").asLong());
        assertEquals("y\n\"z\"", node.get("checks").get(0).get("message").asText());
        assertEquals("ok", node.get("checks").get(0).get("status").asText());
        assertEquals(true, out.toString(StandardCharsets.UTF_8).endsWith("}\n"));
    }
}
