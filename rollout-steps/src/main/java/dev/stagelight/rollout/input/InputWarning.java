package dev.stagelight.rollout.input;

/** A located complaint that does not stop loading (unknown fields outside strict mode). */
public record InputWarning(String file, int line, int column, String field, String message) {
    @Override
    public String toString() {
        return InputException.format(file, line, column, field, message);
    }
}
