package dev.stagelight.verifier.check;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * Collects checks while a verifier runs; safe to use from the threads that check manifests in parallel.
 * At most {@link #MAX_FAILURES_PER_CHECK} failures are listed per check name (a tampered million-entry index must
 * not fill the heap, and one noisy check must not hide the others); the rest are counted.
 */
public final class ReportBuilder {
    public static final int MAX_FAILURES_PER_CHECK = 20;

    private final String command;
    private final String target;
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, Integer> failuresByName = new TreeMap<>();
    private int failures;
    private long treeSize = -1;
    private long entries;

    public ReportBuilder(String command, String target) {
        this.command = command;
        this.target = target;
    }

    public synchronized ReportBuilder ok(String name, String message) {
        checks.add(Check.ok(name, message));
        return this;
    }

    public synchronized ReportBuilder skipped(String name, String message) {
        checks.add(Check.skipped(name, message));
        return this;
    }

    public synchronized ReportBuilder failed(String name, String message) {
        failures++;
        if (failuresByName.merge(name, 1, Integer::sum) <= MAX_FAILURES_PER_CHECK) {
            checks.add(Check.failed(name, message));
        }
        return this;
    }

    public synchronized boolean hasFailures() {
        return failures > 0;
    }

    /** Failures recorded under {@code name}, including those beyond the listing limit. */
    public synchronized int failures(String name) {
        return failuresByName.getOrDefault(name, 0);
    }

    /** Adds an ok check unless a failure under the same name was recorded. */
    public synchronized ReportBuilder okUnlessFailed(String name, String message) {
        return failures(name) == 0 ? ok(name, message) : this;
    }

    public synchronized ReportBuilder treeSize(long size) {
        this.treeSize = size;
        return this;
    }

    public synchronized ReportBuilder entries(long count) {
        this.entries = count;
        return this;
    }

    public synchronized Report build(long filesRead, long bytesRead) {
        List<Check> all = new ArrayList<>(checks);
        failuresByName.forEach((name, count) -> {
            if (count > MAX_FAILURES_PER_CHECK) {
                all.add(Check.failed(name, (count - MAX_FAILURES_PER_CHECK) + " further " + name
                        + " failures not listed (" + count + " in all)"));
            }
        });
        return new Report(command, target, all, treeSize, entries, filesRead, bytesRead);
    }
}
