package dev.stagelight.verifier.source;

import java.io.IOException;

/** A relative path that could leave the index (absolute, {@code ..}, backslash, symlink out of the root ...). */
public final class UnsafePathException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafePathException(String message) {
        super(message);
    }
}
