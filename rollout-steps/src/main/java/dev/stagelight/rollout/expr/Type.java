package dev.stagelight.rollout.expr;

/** The three value types of the expression language. */
public enum Type {
    STRING("string"),
    NUMBER("number"),
    BOOLEAN("boolean");

    private final String word;

    Type(String word) {
        this.word = word;
    }

    @Override
    public String toString() {
        return word;
    }
}
