package dev.stagelight.publisher.publish;

import java.nio.file.Path;

/** The push scenarios against a bare repository reached by its path (JGit's local transport). */
class PushToBareRepositoryTest extends PushScenarios {
    @Override
    String url(Path bare) {
        return bare.toString();
    }
}
