package dev.stagelight.verifier.check;

/** One check failed: {@link #check()} names which, the message says what is wrong and where. */
final class CheckFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String check;

    CheckFailure(String check, String message) {
        super(message, null, false, false);
        this.check = check;
    }

    String check() {
        return check;
    }
}
