package dev.stagelight.rollout.expr;

import java.util.Arrays;

/**
 * The values of one evaluation, in slot-indexed arrays (see {@link Schema}). Reused across evaluations: set the slots,
 * evaluate, set again. A missing string is null (equal to nothing), a missing number NaN (every comparison false
 * except {@code !=}), a missing boolean false. Not thread-safe: one instance per thread.
 */
public final class Bindings {
    private final Schema schema;
    final String[] strings;
    final double[] numbers;
    final boolean[] booleans;

    Bindings(Schema schema, int strings, int numbers, int booleans) {
        this.schema = schema;
        this.strings = new String[strings];
        this.numbers = new double[numbers];
        this.booleans = new boolean[booleans];
        clear();
    }

    public Schema schema() {
        return schema;
    }

    public Bindings setString(Schema.Slot slot, String value) {
        strings[check(slot, Type.STRING)] = value;
        return this;
    }

    public Bindings setNumber(Schema.Slot slot, double value) {
        numbers[check(slot, Type.NUMBER)] = value;
        return this;
    }

    public Bindings setBoolean(Schema.Slot slot, boolean value) {
        booleans[check(slot, Type.BOOLEAN)] = value;
        return this;
    }

    /** Hot-path setters by slot index (no checks beyond the array bound). */
    public void string(int index, String value) {
        strings[index] = value;
    }

    public void number(int index, double value) {
        numbers[index] = value;
    }

    public void bool(int index, boolean value) {
        booleans[index] = value;
    }

    /** Convenience for tests and tools: sets {@code name} from a String, Number or Boolean. */
    public Bindings set(String name, Object value) {
        Schema.Slot slot = schema.require(name);
        switch (slot.type()) {
            case STRING -> setString(slot, (String) value);
            case NUMBER -> setNumber(slot, value == null ? Double.NaN : ((Number) value).doubleValue());
            case BOOLEAN -> setBoolean(slot, value != null && (Boolean) value);
        }
        return this;
    }

    /** Resets every slot to missing. */
    public void clear() {
        Arrays.fill(strings, null);
        Arrays.fill(numbers, Double.NaN);
        Arrays.fill(booleans, false);
    }

    private static int check(Schema.Slot slot, Type type) {
        if (slot.type() != type) {
            throw new IllegalArgumentException(slot.name() + " is a " + slot.type() + ", not a " + type);
        }
        return slot.index();
    }
}
