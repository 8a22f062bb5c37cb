package dev.stagelight.rollout.gate.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of the Prometheus HTTP API: {@code /api/v1/query} at an explicit time and {@code /api/v1/query_range}
 * over an explicit window, sent as form POSTs with the server-side {@code timeout} set to the client's. HTTP 400 is
 * {@link Outcome#BAD_QUERY}, 422 {@link Outcome#EXECUTION_ERROR}, 503 {@link Outcome#UNAVAILABLE} (retried), a body
 * that is not the API's JSON {@link Outcome#MALFORMED}; the API's own error text goes into the message.
 */
public final class PrometheusSource implements MetricSource {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final URI base;
    private final RetryPolicy retry;
    private final HttpTransport http;

    public PrometheusSource(URI base, RetryPolicy retry, Sleeper sleeper) {
        String s = base.toString();
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("Prometheus URL must be http or https, got " + base);
        }
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.retry = retry;
        this.http = new HttpTransport(retry, sleeper);
    }

    public PrometheusSource(URI base) {
        this(base, RetryPolicy.defaults(), Sleeper.REAL);
    }

    @Override
    public String describe() {
        return "prometheus " + base.toString().replaceAll("/$", "");
    }

    @Override
    public QueryResult query(Query q) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", q.text());
        if (q.isRange()) {
            form.put("start", Values.seconds(q.start()));
            form.put("end", Values.seconds(q.time()));
            form.put("step", Values.seconds(java.time.Instant.EPOCH.plus(q.step())));
        } else {
            form.put("time", Values.seconds(q.time()));
        }
        form.put("timeout", retry.timeout().toMillis() + "ms"); // the server gives up when we do
        HttpTransport.Exchange x = http.post(base.resolve(q.isRange() ? "api/v1/query_range" : "api/v1/query"), form);
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
            return QueryResult.failed(describe(), q, o, "HTTP " + x.status() + " " + apiError(x.body()), x.attempts());
        }
        try {
            return QueryResult.answered(describe(), q, parse(x.body(), q.isRange()), x.attempts());
        } catch (MalformedException e) {
            return QueryResult.failed(describe(), q, Outcome.MALFORMED, "HTTP 200 but " + e.getMessage(), x.attempts());
        }
    }

    /** The API's {@code errorType: error} from an error body, or a short excerpt when the body is not the API's. */
    private static String apiError(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.path("error").isTextual()) {
                return n.path("errorType").asText("error") + ": " + n.path("error").asText();
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the excerpt
        }
        return "(not an API error body: " + excerpt(body) + ")";
    }

    static String excerpt(String body) {
        String b = body.strip().replaceAll("\\s+", " ");
        return b.isEmpty() ? "empty body" : "\"" + (b.length() > 80 ? b.substring(0, 80) + "..." : b) + "\"";
    }

    private static List<Series> parse(String body, boolean range) throws MalformedException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedException("the body is not JSON: " + excerpt(body));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedException("the body is not a JSON object: " + excerpt(body));
        }
        if (!"success".equals(root.path("status").asText())) {
            throw new MalformedException("status is " + root.path("status") + ", not \"success\"");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        List<Series> out = new ArrayList<>();
        switch (type) {
            case "vector", "matrix" -> {
                if (!result.isArray()) {
                    throw new MalformedException("data.result is not an array");
                }
                boolean matrix = type.equals("matrix");
                for (int i = 0; i < result.size(); i++) {
                    JsonNode s = result.get(i);
                    String at = "data.result[" + i + "]";
                    Map<String, String> labels = labels(s.path("metric"), at);
                    List<Sample> samples = new ArrayList<>();
                    if (matrix) {
                        JsonNode vs = s.path("values");
                        if (!vs.isArray()) {
                            throw new MalformedException(at + ".values is not an array");
                        }
                        for (int j = 0; j < vs.size(); j++) {
                            samples.add(sample(vs.get(j), at + ".values[" + j + "]"));
                        }
                    } else {
                        samples.add(sample(s.path("value"), at + ".value"));
                    }
                    out.add(new Series(labels, samples));
                }
            }
            case "scalar" -> out.add(new Series(Map.of(), List.of(sample(result, "data.result"))));
            default -> throw new MalformedException("data.resultType is " + data.path("resultType")
                    + ", expected vector, matrix or scalar");
        }
        if (range && !type.equals("matrix")) {
            // An instant query may answer with a matrix (a range selector); a range query only ever with one.
            throw new MalformedException("a range query answered with a " + type);
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode metric, String at) throws MalformedException {
        if (!metric.isObject()) {
            throw new MalformedException(at + ".metric is not an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new MalformedException(at + ".metric." + e.getKey() + " is not a string");
            }
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    private static Sample sample(JsonNode pair, String at) throws MalformedException {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isTextual()) {
            throw new MalformedException(at + " is not [seconds, \"value\"]: " + excerpt(String.valueOf(pair)));
        }
        try {
            BigDecimal t = pair.get(0).decimalValue();
            return new Sample(Values.time(t), Values.parse(pair.get(1).asText()));
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new MalformedException(at + ": " + e.getMessage());
        }
    }

    /** A body that is not the API's JSON; becomes {@link Outcome#MALFORMED}. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }
}
