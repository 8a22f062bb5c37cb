package dev.stagelight.publisher.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * JUnit extension for tests in a real browser: Debian's headless Chromium driven through Debian's ChromeDriver
 * (nothing is downloaded). One browser per test class, injected as a {@link ChromeDriver} parameter. Where Chromium
 * or ChromeDriver is missing the tests FAIL with the install hint; they never skip.
 */
public final class Chromium implements BeforeAllCallback, ParameterResolver {
    static final Path BROWSER = Path.of(System.getProperty("stagelight.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("stagelight.chromedriver", "/usr/bin/chromedriver"));
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Chromium.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        requireInstalled();
    }

    /** @throws AssertionError naming what is missing and how to install it */
    static void requireInstalled() {
        for (Path p : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing or not executable: install Chromium: scripts/install-deps.sh"
                        + " (Debian packages chromium and chromium-driver)");
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == ChromeDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ExtensionContext classContext = e.getParent().filter(c -> c.getTestMethod().isEmpty()).orElse(e);
        return classContext.getStore(NS).getOrComputeIfAbsent(Session.class, k -> Session.start(), Session.class).driver;
    }

    /** A browser with its own profile folder, closed (and the folder removed) when the test class ends. */
    static final class Session implements ExtensionContext.Store.CloseableResource {
        final ChromeDriver driver;
        private final Path profile;

        private Session(ChromeDriver driver, Path profile) {
            this.driver = driver;
            this.profile = profile;
        }

        static Session start() {
            requireInstalled();
            Path profile;
            try {
                profile = Files.createTempDirectory("stagelight-chromium-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a Chromium profile folder: " + e.getMessage(), e);
            }
            return new Session(launch(profile), profile);
        }

        @Override
        public void close() throws IOException {
            try {
                driver.quit();
            } finally {
                try (Stream<Path> s = Files.walk(profile)) {
                    s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    /** Starts headless Chromium with the flags the project uses everywhere (root, no network but loopback). */
    static ChromeDriver launch(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Console messages of level SEVERE (errors, CSP violations, failed loads) since the last call. */
    static List<LogEntry> consoleErrors(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(l -> l.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Emulates {@code prefers-color-scheme: light|dark} through the DevTools protocol. */
    static void colorScheme(ChromeDriver driver, String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
