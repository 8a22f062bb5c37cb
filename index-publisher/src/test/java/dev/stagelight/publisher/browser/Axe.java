package dev.stagelight.publisher.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core (npm, installed into {@code .deps/} by scripts/install-deps.sh) injected into the page through the
 * driver, which the page's CSP does not govern, so the site needs no exception for it.
 */
final class Axe {
    static final Path SCRIPT = Path.of(System.getProperty("stagelight.axe", "../.deps/node_modules/axe-core/axe.min.js"));

    private Axe() {}

    static String source() throws IOException {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException("axe-core is missing at " + SCRIPT.toAbsolutePath()
                    + "; install it: scripts/install-deps.sh (or ./stagelight test)");
        }
        return Files.readString(SCRIPT);
    }

    /** Runs axe on the loaded page; returns "rule (impact): target" for each serious or critical violation. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(ChromeDriver driver, String axe) {
        driver.executeScript(axe);
        Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id,"
                + " impact: v.impact, targets: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || ''))}))))"
                + ".catch(e => done([{id: 'axe-error', impact: 'critical', targets: [String(e)]}]));");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            String impact = String.valueOf(v.get("impact"));
            if (impact.equals("serious") || impact.equals("critical")) {
                out.add(v.get("id") + " (" + impact + "): " + v.get("targets"));
            }
        }
        return out;
    }
}
