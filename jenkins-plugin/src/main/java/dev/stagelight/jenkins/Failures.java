package dev.stagelight.jenkins;

import dev.stagelight.rollout.input.InputException;
import dev.stagelight.rollout.pipeline.PipelineRollout;
import dev.stagelight.rollout.state.RolloutStateException;
import dev.stagelight.rollout.store.StoreException;
import hudson.AbortException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The modules' refusals and bad-input errors as {@link AbortException}: the build fails with the module's message
 * (which names the file and field) and no stack trace, as the command line prints them.
 */
final class Failures {
    private Failures() {}

    interface Body<T> {
        T run() throws Exception;
    }

    static <T> T abortOnRefusal(String step, Body<T> body) throws IOException {
        try {
            return body.run();
        } catch (InputException | IllegalArgumentException | RolloutStateException | StoreException
                 | PipelineRollout.EvidenceNotAppended e) {
            throw new AbortException(step + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new AbortException(step + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(step + ": " + e, e);
        }
    }
}
