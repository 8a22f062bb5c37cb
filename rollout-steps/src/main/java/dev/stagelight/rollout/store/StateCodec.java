package dev.stagelight.rollout.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.stagelight.rollout.state.RolloutState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The stored form of a rollout state: pretty JSON with snake_case names, RFC 3339 instants and ISO-8601 durations,
 * the same bytes for the same state (so a replayed write is a no-op and git diffs stay small).
 */
public final class StateCodec {
    private static final ObjectMapper JSON = mapper();

    private StateCodec() {}

    public static byte[] write(RolloutState state) {
        try {
            return (JSON.writeValueAsString(state) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("rollout state is not serialisable: " + e.getMessage(), e);
        }
    }

    public static RolloutState read(byte[] bytes, String source) throws StoreException {
        try {
            return JSON.readValue(bytes, RolloutState.class);
        } catch (IOException e) {
            throw new StoreException(source + ": not a readable rollout state: " + e.getMessage(), e);
        }
    }

    /** Stores values of {@code type} as JSON strings (RFC 3339 instants, ISO-8601 durations). */
    private static <T> void asString(SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(write.apply(v));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return read.apply(p.getValueAsString());
            }
        });
    }

    /** The mapper for stored JSON, shared with other stored files of the store. */
    static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("stagelight-time");
        asString(time, Instant.class, Instant::toString, Instant::parse);
        asString(time, Duration.class, Duration::toString, Duration::parse);
        return new ObjectMapper()
                .registerModule(time)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
