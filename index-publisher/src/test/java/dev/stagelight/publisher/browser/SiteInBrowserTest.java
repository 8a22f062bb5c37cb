package dev.stagelight.publisher.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.serve.PreviewServer;
import dev.stagelight.publisher.site.XssCorpus;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.note.Checkpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The rendered site in a real headless Chromium: home, pagination, search, XSS inertness, accessibility. */
@ExtendWith(Chromium.class)
class SiteInBrowserTest {
    /** Entries whose every manifest string is a script payload (see the XSS corpus). */
    static final int XSS_FROM = 280;

    @TempDir static Path tmp;
    static FixtureSite site;
    static PreviewServer server;

    @BeforeAll
    static void build() throws Exception {
        List<String> xss = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            xss.add(XssCorpus.statement(i, "tenant-" + (i % 3)));
        }
        site = FixtureSite.create(tmp.resolve("a"))
                .append(FixtureSite.statements("exp", 0, 200))
                .append(FixtureSite.statements("exp", 200, 80))
                .append(xss);
        server = PreviewServer.start(site.site(), "/site/", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void drainConsole(ChromeDriver driver) {
        Chromium.consoleErrors(driver); // the browser is shared: start each test with an empty log
    }

    @Test
    void homeShowsTheLatestCheckpoint(ChromeDriver driver) throws Exception {
        Checkpoint cp = Checkpoint.openSigned(Files.readAllBytes(site.site().resolve("checkpoint")),
                List.of(site.index.logKey.verifierKey()), "checkpoint");
        driver.get(server.url(""));
        assertEquals(Long.toString(cp.size()), driver.findElement(By.id("tree-size")).getText());
        assertEquals(HexFormat.of().formatHex(cp.rootHash()), driver.findElement(By.id("root-hash")).getText());
        assertEquals(site.vkey, driver.findElement(By.id("log-vkey")).getText());
        assertEquals(List.of(), Chromium.consoleErrors(driver));
    }

    @Test
    void paginationWalksFromTheFirstEntryToTheLast(ChromeDriver driver) {
        driver.get(server.url("blocks/0.html"));
        List<Long> seen = new ArrayList<>();
        while (true) {
            for (WebElement a : driver.findElements(By.cssSelector("table.entries tbody td:first-child a"))) {
                seen.add(Long.parseLong(a.getText()));
            }
            List<WebElement> next = driver.findElements(By.cssSelector("nav.pager a[rel=next]"));
            if (next.isEmpty()) {
                break;
            }
            next.get(0).click();
        }
        List<Long> expected = site.entries.stream().map(Entry::seq).toList();
        assertEquals(expected, seen, "every entry once, oldest first, across the block pages");
    }

    @Test
    void searchFindsEntriesByDigestExportIdAndSequenceNumber(ChromeDriver driver) {
        Entry e = site.entries.get(123);
        assertEquals(List.of("Entry 123"), search(driver, e.manifestSha256()));
        assertTrue(bytes(driver) < 20_000, "a digest look-up downloads one small shard: " + bytes(driver));
        assertEquals(List.of("Entry 123"), search(driver, site.exportIds.get(123L)));
        assertEquals(List.of("Entry 7"), search(driver, "7"));
        assertEquals(List.of(), Chromium.consoleErrors(driver));
        // A miss is a shard that does not exist (404, which the browser logs), reported as "no entry".
        assertEquals(List.of(), search(driver, "no-such-export"));
        assertTrue(driver.findElement(By.id("search-results")).getText().contains("No entry with export id"));
    }

    @Test
    void theXssCorpusIsInertOnEveryPageKind(ChromeDriver driver) {
        List<String> pages = new ArrayList<>(List.of("", "blocks/1.html", "browse.html", "tenants/tenant-0/0.html",
                "regions/eu-west-1/0.html", "feed.atom", "index.json"));
        for (int i = XSS_FROM; i < XSS_FROM + 20; i++) {
            pages.add("entries/" + i / 256 + "/" + i + ".html");
        }
        for (String page : pages) {
            driver.get(server.url(page));
            assertNull(driver.executeScript("return window.xssFired"), page + ": a payload ran");
        }
        // Search results and the verifier's output show manifest text too.
        for (int i = 0; i < 10; i++) {
            List<String> hits = search(driver, site.exportIds.get((long) XSS_FROM + i));
            assertEquals(List.of("Entry " + (XSS_FROM + i)), hits, "found by its hostile export id");
            assertNull(driver.executeScript("return window.xssFired"), "search result ran a payload");
        }
        VerifyInBrowserTest.Outcome o = VerifyInBrowserTest.verifyOn(driver, server, XSS_FROM + 3);
        assertEquals("ok", o.result(), String.join("\n", o.steps()));
        assertNull(driver.executeScript("return window.xssFired"), "the verifier's output ran a payload");
        assertEquals(List.of(), Chromium.consoleErrors(driver));
    }

    @Test
    void noSeriousOrCriticalAccessibilityViolationsInLightAndDark(ChromeDriver driver) throws Exception {
        String axe = Axe.source();
        for (String scheme : List.of("light", "dark")) {
            Chromium.colorScheme(driver, scheme);
            for (String page : List.of("", "blocks/0.html", "tenants/tenant-1/0.html", "entries/0/5.html",
                    "entries/1/" + (XSS_FROM + 1) + ".html", "search.html", "browse.html")) {
                driver.get(server.url(page));
                List<String> violations = Axe.seriousViolations(driver, axe);
                assertEquals(List.of(), violations, scheme + " " + page);
            }
        }
    }

    /** Searches from the search page; returns the hit links' text. */
    static List<String> search(ChromeDriver driver, String q) {
        driver.get(server.url("search.html?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)));
        WebElement out = driver.findElement(By.id("search-results"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            String r = out.getDomAttribute("data-result");
            return r != null && !r.equals("running");
        });
        assertTrue(List.of("found", "none").contains(out.getDomAttribute("data-result")), out.getText());
        return driver.findElements(By.cssSelector("#search-results .search-hits a")).stream().map(WebElement::getText).toList();
    }

    static long bytes(ChromeDriver driver) {
        return Long.parseLong(driver.findElement(By.id("search-results")).getDomAttribute("data-bytes"));
    }

}
