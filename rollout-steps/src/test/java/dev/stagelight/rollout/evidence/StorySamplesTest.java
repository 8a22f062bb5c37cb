package dev.stagelight.rollout.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagelight.rollout.gate.source.PrometheusSource;
import dev.stagelight.rollout.testing.PrometheusServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo story's recorded samples are what a real Prometheus answers on the story's history, query for query. */
class StorySamplesTest {
    static final Path SHIPPED = Path.of("../examples/story/story-samples.json");

    @TempDir
    Path dir;

    @Test
    void theShippedRecordingIsWhatPrometheusAnswers() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.start(dir, StoryRecording.history(93))) {
            String recorded = new String(StoryRecording.record(new PrometheusSource(prometheus.url())),
                    StandardCharsets.UTF_8);
            if (Boolean.getBoolean("stagelight.story.write")) {
                Files.writeString(SHIPPED, recorded);
            }
            assertEquals(Files.readString(SHIPPED), recorded, "after changing the history, the gates or the rules,"
                    + " rewrite " + SHIPPED + " with -Dstagelight.story.write=true");
        }
    }
}
