package dev.stagelight.rollout.pipeline;

import dev.stagelight.rollout.engine.StageGates;
import dev.stagelight.rollout.gate.probe.HttpProber;
import dev.stagelight.rollout.gate.set.GateEvaluator;
import dev.stagelight.rollout.gate.set.GateSet;
import dev.stagelight.rollout.gate.set.GateSetFile;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.RetryPolicy;
import dev.stagelight.rollout.gate.source.Sleeper;
import dev.stagelight.rollout.input.Strictness;
import dev.stagelight.rollout.tenant.Tenant;
import dev.stagelight.rollout.tenant.Tenants;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The gates a pipeline rollout judges its monitoring stages by, set up as {@code rollout advance --gates FILE
 * --prometheus URL --tenants FILE} sets them up: the gate set file's library, guard, judged metrics and probes; the
 * tenant tree's labels for per-cohort gates; a Prometheus with the command line's retries.
 */
public final class PipelineGates {
    private PipelineGates() {}

    /** A Prometheus base URL as a step parameter gives it; refuses anything but http(s) naming the parameter. */
    public static MetricSource prometheus(String url, String parameter) {
        URI u;
        try {
            u = url == null ? null : URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException(parameter + " '" + url + "': expected an http(s) URL such as"
                    + " http://prometheus:9090");
        }
        return new PrometheusSource(u, RetryPolicy.defaults(), Sleeper.REAL);
    }

    /**
     * @param interval {@code {{interval}}} outside analysis metrics (the command line's {@code --interval}, 5m)
     * @param tree     the plan's tenant tree: per-cohort gates group its tenants by their labels
     */
    public static StageGates load(Path gatesFile, MetricSource source, Tenants tree, Duration interval,
                                  Strictness strictness) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("gate interval " + interval + ": expected a positive duration");
        }
        GateSet set = GateSetFile.load(gatesFile, strictness);
        return new StageGates(set, new GateEvaluator(source, new HttpProber()),
                id -> tree.find(id).map(Tenant::labels).orElse(Map.of()), interval);
    }
}
