package dev.stagelight.publisher.publish;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * The push scenarios against a real {@code git daemon} on 127.0.0.1 (git:// protocol, receive-pack enabled), which
 * the test starts on a free port and stops.
 */
class PushOverGitDaemonTest extends PushScenarios {
    private GitDaemon daemon;

    @Override
    String url(Path bare) throws Exception {
        if (daemon == null) {
            daemon = GitDaemon.start(bare.getParent());
        }
        return daemon.url(bare.getFileName().toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }
}
