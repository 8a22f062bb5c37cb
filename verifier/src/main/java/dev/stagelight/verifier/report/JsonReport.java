package dev.stagelight.verifier.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stagelight.verifier.check.Check;
import dev.stagelight.verifier.check.Report;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The machine-readable report ({@code --json}):
 * <pre>{"command","target","verified","tree_size","entries","files_read","bytes_read",
 *  "checks":[{"name","status":"ok|failed|skipped","message"}]}</pre>
 */
public final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {}

    public static void write(Report report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("command", report.command());
            g.writeStringField("target", report.target());
            g.writeBooleanField("verified", report.verified());
            g.writeNumberField("tree_size", report.treeSize());
            g.writeNumberField("entries", report.entries());
            g.writeNumberField("files_read", report.filesRead());
            g.writeNumberField("bytes_read", report.bytesRead());
            g.writeArrayFieldStart("checks");
            for (Check c : report.checks()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("status", c.status().word());
                g.writeStringField("message", c.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
