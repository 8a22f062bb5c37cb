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

    /** The mapper for stored JSON, shared with other stored files of the store. */
    static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("stagelight-time");
        time.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        time.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        time.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        time.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return Duration.parse(p.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(time)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
