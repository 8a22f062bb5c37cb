package dev.stagelight.jenkins;

import hudson.AbortException;
import java.io.File;
import java.nio.file.Path;

/** Workspace-relative paths as step parameters name them, resolved on the agent that holds the workspace. */
final class Workspaces {
    private Workspaces() {}

    /** {@code path} against the workspace unless it is absolute; null stays null. */
    static Path resolve(File workspace, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Path p = Path.of(path);
        return p.isAbsolute() ? p : workspace.toPath().resolve(p).normalize();
    }

    /** As {@link #resolve}, for a parameter that must be given. */
    static Path require(File workspace, String path, String step, String parameter) throws AbortException {
        Path p = resolve(workspace, path);
        if (p == null) {
            throw new AbortException(step + ": the parameter '" + parameter + "' is required");
        }
        return p;
    }

    /** An index location: an http(s) URL as given, else a folder in the workspace. */
    static String location(File workspace, String location) {
        if (location != null && (location.startsWith("https://") || location.startsWith("http://"))) {
            return location;
        }
        Path p = resolve(workspace, location);
        return p == null ? null : p.toString();
    }
}
