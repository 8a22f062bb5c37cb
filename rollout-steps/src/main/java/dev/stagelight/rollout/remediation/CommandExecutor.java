package dev.stagelight.rollout.remediation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program (no shell): its arguments, then {@code apply} or {@code revert}; the request in environment
 * variables ({@code STAGELIGHT_ACTION=pause_rollout}, {@code STAGELIGHT_OPERATION}, {@code STAGELIGHT_RULE},
 * {@code STAGELIGHT_REASON}, {@code STAGELIGHT_SCOPE}, {@code STAGELIGHT_ROLLOUT_ID}, {@code STAGELIGHT_AT},
 * {@code STAGELIGHT_DELIVERY}). Exit 0 is success; a non-zero exit or a timeout (the process is killed) may be retried.
 */
public final class CommandExecutor implements ActionExecutor {
    private final ExecutorSpec.Command spec;

    public CommandExecutor(ExecutorSpec.Command spec) {
        this.spec = spec;
    }

    @Override
    public ExecutionResult execute(ActionRequest r) {
        List<String> argv = new ArrayList<>(spec.argv());
        argv.add(r.revert() ? "revert" : "apply");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("STAGELIGHT_ACTION", r.kind().spelling());
        env.put("STAGELIGHT_OPERATION", r.operationName());
        env.put("STAGELIGHT_RULE", r.rule() == null ? "" : r.rule());
        env.put("STAGELIGHT_REASON", r.reason() == null ? "" : r.reason());
        env.put("STAGELIGHT_SCOPE", r.scope());
        env.put("STAGELIGHT_ROLLOUT_ID", r.rolloutId() == null ? "" : r.rolloutId());
        env.put("STAGELIGHT_AT", r.at().toString());
        env.put("STAGELIGHT_DELIVERY", r.delivery());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return ExecutionResult.permanent("cannot start " + spec.argv().get(0) + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            // Read output on another thread so a chatty program cannot block on a full pipe past its timeout.
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process died; its exit status says what matters
                }
            });
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return ExecutionResult.retryable("no exit within " + spec.timeout().toSeconds() + " s (killed)");
            }
            reader.join(2000);
            String tail;
            synchronized (out) {
                tail = out.toString().strip().replaceAll("\\s+", " ");
            }
            tail = tail.isEmpty() ? "" : ": " + (tail.length() > 160 ? "..." + tail.substring(tail.length() - 160) : tail);
            return p.exitValue() == 0 ? ExecutionResult.ok("exit 0" + tail)
                    : ExecutionResult.retryable("exit " + p.exitValue() + tail);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return ExecutionResult.permanent("interrupted");
        } catch (IOException e) {
            return ExecutionResult.permanent(e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "command " + String.join(" ", spec.argv());
    }
}
