package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.impact.ScanGenerator;
import dev.stagelight.rollout.impact.ScanJson;
import dev.stagelight.rollout.tenant.Tenants;
import dev.stagelight.verifier.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate-scans}: writes a realistic, seeded synthetic scan history as JSONL. */
@Command(name = "generate-scans", mixinStandardHelpOptions = true,
        description = {"Write a synthetic scan history (JSONL) for the tenants of a tenant file: deterministic for a seed,",
            "scans in proportion to scan_volume. The file is built in memory and written atomically (about 0.5 KB per",
            "scan, so keep --count to a few million)."})
public final class GenerateScansCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tenants", required = true, description = "Tenant tree (tenants.yaml).")
    Path tenants;

    @Option(names = "--out", required = true, description = "Output JSONL file (replaced atomically).")
    Path out;

    @Option(names = "--count", defaultValue = "15000", description = "Number of scans (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--seed", defaultValue = "789", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--days", defaultValue = "30", description = "History length in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--end", description = "End of the history, RFC 3339 (default: today 00:00 UTC).")
    Instant end;

    @Option(names = "--lenient", description = "Unknown fields are warnings instead of errors.")
    boolean lenient;

    private final Clock clock;

    public GenerateScansCommand() {
        this(Clock.systemUTC());
    }

    public GenerateScansCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return CommandSupport.run(spec, () -> {
            if (count < 0 || days < 1) {
                throw new IllegalArgumentException("--count must be 0 or more and --days at least 1");
            }
            Tenants tree = Tenants.load(tenants, CommandSupport.strictness(lenient));
            Instant until = end != null ? end : clock.instant().truncatedTo(ChronoUnit.DAYS);
            ScanGenerator gen = new ScanGenerator(seed, tree.all(), until, Duration.ofDays(days));
            StringBuilder sb = new StringBuilder();
            gen.generate(count, scan -> ScanJson.appendLine(sb, scan));
            AtomicFiles.replace(out, sb.toString().getBytes(StandardCharsets.UTF_8));
            spec.commandLine().getOut().printf("wrote %d scans of %d tenants over %d days to %s (seed %d)%n", count,
                    tree.size(), days, out, seed);
            spec.commandLine().getOut().flush();
            return CommandSupport.OK;
        });
    }
}
