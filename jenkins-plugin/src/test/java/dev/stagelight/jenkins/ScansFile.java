package dev.stagelight.jenkins;

import dev.stagelight.rollout.impact.ScanGenerator;
import dev.stagelight.rollout.impact.ScanJson;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenants;
import hudson.FilePath;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Historical scans for the example tenants, from the rollout module's seeded generator. */
final class ScansFile {
    private ScansFile() {}

    static void write(FilePath target, File examples, long count) throws Exception {
        Tenants tenants = Tenants.load(new File(examples, "rollout/tenants.yaml").toPath(), Strictness.STRICT);
        StringBuilder sb = new StringBuilder();
        new ScanGenerator(789, tenants.all(), Instant.now().truncatedTo(ChronoUnit.DAYS), Duration.ofDays(30))
                .generate(count, s -> ScanJson.appendLine(sb, s));
        target.write(sb.toString(), StandardCharsets.UTF_8.name());
    }
}
