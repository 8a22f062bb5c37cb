package dev.stagelight.rollout.cli;

import dev.stagelight.rollout.gate.source.FileSource;
import dev.stagelight.rollout.gate.source.HttpJsonSource;
import dev.stagelight.rollout.gate.source.MetricSource;
import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.gate.source.RetryPolicy;
import dev.stagelight.rollout.gate.source.Sleeper;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where gate metrics come from on the command line: exactly one of Prometheus, an HTTP JSON service, recorded samples. */
final class MetricSources {
    private MetricSources() {}

    static final class Choice {
        @Option(names = "--prometheus", description = "Prometheus base URL (HTTP API), e.g. http://127.0.0.1:9090.")
        URI prometheus;

        @Option(names = "--metrics-json", description = "An HTTP JSON metric service URL.")
        URI httpJson;

        @Option(names = "--samples", description = "Recorded samples (YAML or JSON) for offline runs.")
        Path samples;

        MetricSource open() {
            if (prometheus != null) {
                return new PrometheusSource(prometheus, RetryPolicy.defaults(), Sleeper.REAL);
            }
            if (httpJson != null) {
                return new HttpJsonSource(httpJson, RetryPolicy.defaults(), Sleeper.REAL);
            }
            return FileSource.load(samples);
        }
    }
}
