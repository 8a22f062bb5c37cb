package dev.stagelight.rollout.impact;

import dev.stagelight.rollout.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Realistic synthetic scan history, deterministic for a seed. Tenants scan in proportion to their {@code scan_volume};
 * each tenant has a handful of images; findings come from a fixed catalogue of advisories so the same CVE always has
 * the same severity, CVSS, KEV flag and package. Distributions follow what public scanner data looks like: about a
 * third of scans are clean, most findings are medium or low, critical about 4%, KEV-listed about 0.6% of advisories (far
 * more often among criticals), reachability mostly unreachable or unknown, EPSS mostly tiny.
 */
public final class ScanGenerator {
    private static final String[] PACKAGES = {"openssl", "glibc", "zlib", "curl", "libxml2", "busybox", "jackson-databind",
        "snakeyaml", "log4j-core", "netty", "spring-web", "lodash", "express", "requests", "urllib3", "pyyaml", "golang.org/x/net",
        "protobuf", "libsodium", "bouncycastle", "xstream", "tomcat-embed", "nginx", "sqlite", "expat", "pcre2"};
    private static final String[] SERVICES = {"api", "worker", "web", "gateway", "scheduler", "ingest", "db-migrate", "proxy"};
    private static final int CATALOGUE = 4000;

    private final SplittableRandom random;
    private final List<Tenant> tenants;
    private final long[] cumulativeVolume;
    private final String[][] images;
    private final Finding[] catalogue;
    private final Instant end;
    private final long rangeSeconds;

    /** Scans for {@code tenants} over the {@code range} before {@code end}; the same seed gives the same scans. */
    public ScanGenerator(long seed, List<Tenant> tenants, Instant end, Duration range) {
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("no tenants to generate scans for");
        }
        this.random = new SplittableRandom(seed);
        this.tenants = List.copyOf(tenants);
        this.end = end;
        this.rangeSeconds = Math.max(1, range.toSeconds());
        this.cumulativeVolume = new long[tenants.size()];
        long sum = 0;
        for (int i = 0; i < tenants.size(); i++) {
            sum += Math.max(1, tenants.get(i).scanVolume());
            cumulativeVolume[i] = sum;
        }
        this.images = new String[tenants.size()][];
        for (int i = 0; i < tenants.size(); i++) {
            Tenant t = tenants.get(i);
            String[] imgs = new String[2 + random.nextInt(7)];
            for (int k = 0; k < imgs.length; k++) {
                imgs[k] = "acme/" + t.project() + "/" + SERVICES[(k + i) % SERVICES.length] + ":1." + random.nextInt(40) + "."
                        + random.nextInt(10);
            }
            images[i] = imgs;
        }
        this.catalogue = new Finding[CATALOGUE];
        for (int i = 0; i < CATALOGUE; i++) {
            catalogue[i] = advisory(i);
        }
    }

    private Finding advisory(int i) {
        double s = random.nextDouble();
        String severity;
        double cvss;
        double kevChance;
        if (s < 0.04) {
            severity = "critical";
            cvss = 9.0 + random.nextInt(11) / 10.0;
            kevChance = 0.05;
        } else if (s < 0.20) {
            severity = "high";
            cvss = 7.0 + random.nextInt(20) / 10.0;
            kevChance = 0.015;
        } else if (s < 0.65) {
            severity = "medium";
            cvss = 4.0 + random.nextInt(30) / 10.0;
            kevChance = 0.002;
        } else if (s < 0.95) {
            severity = "low";
            cvss = 0.1 + random.nextInt(39) / 10.0;
            kevChance = 0.0005;
        } else {
            severity = "none";
            cvss = 0;
            kevChance = 0;
        }
        boolean kev = random.nextDouble() < kevChance;
        // EPSS is heavily skewed towards zero; known-exploited advisories score high.
        double epss = kev ? 0.5 + random.nextDouble() * 0.47 : Math.min(0.99, Math.pow(random.nextDouble(), 6));
        epss = Math.round(epss * 10000) / 10000.0;
        String id = "CVE-" + (2015 + random.nextInt(11)) + "-" + (1000 + i * 7 + random.nextInt(7));
        return new Finding(id, severity, Math.round(cvss * 10) / 10.0, epss, kev, "UK", random.nextDouble() < 0.7,
                PACKAGES[random.nextInt(PACKAGES.length)], "", Double.NaN);
    }

    /** The next scan. */
    public Scan next() {
        long pick = random.nextLong(cumulativeVolume[cumulativeVolume.length - 1]);
        int ti = lowerBound(pick);
        Tenant t = tenants.get(ti);
        String image = images[ti][random.nextInt(images[ti].length)];
        Instant time = end.minusSeconds(1 + random.nextLong(rangeSeconds));
        int count = random.nextDouble() < 0.35 ? 0 : 1 + (int) Math.min(40, -Math.log(1 - random.nextDouble()) * 3.5);
        List<Finding> findings = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            // Popular advisories recur: a power law over the catalogue.
            Finding a = catalogue[(int) (Math.pow(random.nextDouble(), 2.2) * CATALOGUE)];
            findings.add(new Finding(a.id(), a.severity(), a.cvss(), a.epss(), a.kev(), reachability(), a.fixAvailable(), a.pkg(),
                    vex(), Math.floor(-Math.log(1 - random.nextDouble()) * 120)));
        }
        return new Scan(t.id(), image, time, findings);
    }

    /** Generates {@code n} scans into {@code sink}. */
    public void generate(long n, Consumer<Scan> sink) {
        for (long i = 0; i < n; i++) {
            sink.accept(next());
        }
    }

    private int lowerBound(long pick) {
        int lo = 0;
        int hi = cumulativeVolume.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeVolume[mid] > pick) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private String reachability() {
        double r = random.nextDouble();
        return r < 0.12 ? "SR" : r < 0.20 ? "RO" : r < 0.35 ? "CR" : r < 0.75 ? "UR" : "UK";
    }

    private String vex() {
        double v = random.nextDouble();
        return v < 0.85 ? "" : v < 0.92 ? "not_affected" : v < 0.96 ? "affected" : v < 0.99 ? "under_investigation" : "fixed";
    }
}
