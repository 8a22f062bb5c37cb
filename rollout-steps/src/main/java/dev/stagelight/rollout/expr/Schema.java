package dev.stagelight.rollout.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The identifiers an expression may use and their types. Each identifier gets a slot in the array of its type in
 * {@link Bindings}, so evaluation reads {@code numbers[3]}, never a map. Build once, share freely (immutable).
 */
public final class Schema {
    /** An identifier's type and its index in the {@link Bindings} array of that type. */
    public record Slot(String name, Type type, int index) {}

    private final Map<String, Slot> slots;
    private final int strings;
    private final int numbers;
    private final int booleans;

    private Schema(Map<String, Slot> slots, int strings, int numbers, int booleans) {
        this.slots = Collections.unmodifiableMap(slots);
        this.strings = strings;
        this.numbers = numbers;
        this.booleans = booleans;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Slot> slot(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    /** The slot of {@code name}; an identifier not in the schema is an {@link IllegalArgumentException}. */
    public Slot require(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new IllegalArgumentException("identifier '" + name + "' is not in the schema");
        }
        return s;
    }

    /** All identifiers in declaration order. */
    public Map<String, Slot> slots() {
        return slots;
    }

    /** Fresh bindings sized for this schema: strings null, numbers NaN, booleans false. */
    public Bindings newBindings() {
        return new Bindings(this, strings, numbers, booleans);
    }

    public static final class Builder {
        private final Map<String, Slot> slots = new LinkedHashMap<>();
        private int strings;
        private int numbers;
        private int booleans;

        public Builder string(String name) {
            return add(name, Type.STRING, strings++);
        }

        public Builder number(String name) {
            return add(name, Type.NUMBER, numbers++);
        }

        public Builder bool(String name) {
            return add(name, Type.BOOLEAN, booleans++);
        }

        private Builder add(String name, Type type, int index) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                throw new IllegalArgumentException("not an identifier: " + name);
            }
            if (slots.putIfAbsent(name, new Slot(name, type, index)) != null) {
                throw new IllegalArgumentException("identifier declared twice: " + name);
            }
            return this;
        }

        public Schema build() {
            return new Schema(new LinkedHashMap<>(slots), strings, numbers, booleans);
        }
    }
}
