package dev.stagelight.publisher.cli;

import dev.stagelight.publisher.append.AppendException;

/** Maps library exceptions to one-line messages and exit codes. */
final class Failure {
    static final int VERIFICATION_FAILED = 1;
    static final int BAD_INPUT = 2;

    private Failure() {}

    static int exitCode(Exception e) {
        return e instanceof AppendException || e instanceof dev.stagelight.publisher.site.RenderCheck.Failed
                ? VERIFICATION_FAILED : BAD_INPUT;
    }

    static String message(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            m = m + ": no such file";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            m = m + ": permission denied";
        }
        return m;
    }
}
