package dev.stagelight.verifier.tiles;

import java.io.IOException;

/** A tile or entry bundle whose bytes or path do not have the C2SP tlog-tiles form; the message names it. */
public final class TileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TileFormatException(String message) {
        super(message);
    }
}
