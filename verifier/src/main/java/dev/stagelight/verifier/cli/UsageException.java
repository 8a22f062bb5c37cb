package dev.stagelight.verifier.cli;

/** The command line or an input it names (key file, state file) is unusable: exit code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
