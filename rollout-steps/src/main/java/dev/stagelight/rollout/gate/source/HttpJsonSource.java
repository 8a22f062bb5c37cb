package dev.stagelight.rollout.gate.source;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.input.InputLoader;
import dev.stagelight.rollout.input.Strictness;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP JSON metrics service: the query is POSTed as a form ({@code query} and {@code time}, or
 * {@code query}, {@code start}, {@code end}, {@code step}; times in epoch seconds), and the service answers
 * {@code {"series": [{"labels": {...}, "samples": [[seconds, value], ...]}]}} (the format of {@link FileSource}'s
 * series). Status codes and retries are as for {@link PrometheusSource}: 400 bad query, 422 execution error, 503
 * unavailable (retried), anything unreadable malformed.
 */
public final class HttpJsonSource implements MetricSource {
    private final URI url;
    private final HttpTransport http;

    public HttpJsonSource(URI url, RetryPolicy retry, Sleeper sleeper) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("metrics URL must be http or https, got " + url);
        }
        this.url = url;
        this.http = new HttpTransport(retry, sleeper);
    }

    @Override
    public String describe() {
        return "http-json " + url;
    }

    @Override
    public QueryResult query(Query q) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", q.text());
        if (q.isRange()) {
            form.put("start", Values.seconds(q.start()));
            form.put("end", Values.seconds(q.time()));
            form.put("step", Long.toString(q.step().toSeconds()));
        } else {
            form.put("time", Values.seconds(q.time()));
        }
        HttpTransport.Exchange x = http.post(url, form);
        if (x.status() == 0) {
            return QueryResult.failed(describe(), q, x.failure(), x.message(), x.attempts());
        }
        if (x.status() != 200) {
            Outcome o = switch (x.status()) {
                case 400 -> Outcome.BAD_QUERY;
                case 422 -> Outcome.EXECUTION_ERROR;
                case 503 -> Outcome.UNAVAILABLE;
                default -> Outcome.HTTP_ERROR;
            };
            return QueryResult.failed(describe(), q, o, "HTTP " + x.status() + " "
                    + PrometheusSource.excerpt(x.body()), x.attempts());
        }
        List<Series> series;
        try {
            series = SeriesReader.read(InputLoader.parse(url + " response.json", x.body(), Strictness.STRICT)
                    .root().knownFields("series"));
        } catch (InputException e) {
            return QueryResult.failed(describe(), q, Outcome.MALFORMED, "HTTP 200 but " + e.getMessage(),
                    x.attempts());
        }
        return QueryResult.answered(describe(), q, series, x.attempts());
    }
}
