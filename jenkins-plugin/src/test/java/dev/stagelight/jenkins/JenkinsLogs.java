package dev.stagelight.jenkins;

import hudson.model.Run;
import java.io.IOException;
import java.io.StringWriter;

final class JenkinsLogs {
    private JenkinsLogs() {}

    static String text(Run<?, ?> run) throws IOException {
        StringWriter w = new StringWriter();
        run.getLogText().writeLogTo(0, w);
        return w.toString();
    }
}
