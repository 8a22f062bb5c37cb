package dev.stagelight.publisher.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.serve.PreviewServer;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.note.NoteSignerKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The entry page's "Verify in your browser" in real Chromium: it succeeds on an untouched site (Ed25519 and ECDSA
 * P-256 manifest signatures, first entry, an entry behind a bundle boundary, a page checkpoint older than the latest),
 * and fails closed, at the right step, once one byte of a tile, the entry bundle, the manifest or a checkpoint is
 * changed, or when the key is not the log's.
 */
@ExtendWith(Chromium.class)
class VerifyInBrowserTest {
    @TempDir static Path tmp;
    static FixtureSite site;
    static PreviewServer server;

    @BeforeAll
    static void build() throws Exception {
        site = FixtureSite.create(tmp.resolve("a"))
                .append(FixtureSite.statements("first", 0, 10))
                .append(FixtureSite.statements("ecdsa", 10, 5), FixtureSite.ecdsaIngest(tmp))
                .append(FixtureSite.statements("more", 15, 285));
        server = PreviewServer.start(site.site(), "/site/", 0).withoutCaching();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs the verifier on an entry page; returns the section's result and the steps' text. */
    static Outcome verify(ChromeDriver driver, long seq) {
        return verifyOn(driver, server, seq);
    }

    static Outcome verifyOn(ChromeDriver driver, PreviewServer on, long seq) {
        driver.get(on.url("entries/" + seq / 256 + "/" + seq + ".html"));
        return run(driver);
    }

    static Outcome run(ChromeDriver driver) {
        driver.findElement(By.id("verify-button")).click();
        WebElement section = driver.findElement(By.id("verify"));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            String r = section.getDomAttribute("data-result");
            return r != null && !r.equals("running");
        });
        List<String> steps = driver.findElements(By.cssSelector("#verify-steps li")).stream().map(WebElement::getText).toList();
        return new Outcome(section.getDomAttribute("data-result"), section.getDomAttribute("data-failed-step"), steps);
    }

    record Outcome(String result, String failedStep, List<String> steps) {
        String last() {
            return steps.get(steps.size() - 1);
        }
    }

    private static void assertVerified(Outcome o) {
        assertEquals("ok", o.result(), () -> String.join("\n", o.steps()));
        assertEquals(9, o.steps().size(), () -> String.join("\n", o.steps()));
    }

    private static void assertFailed(Outcome o, String step, String messagePart) {
        assertEquals("fail", o.result(), () -> String.join("\n", o.steps()));
        assertEquals(step, o.failedStep(), () -> String.join("\n", o.steps()));
        assertTrue(o.last().contains(messagePart), () -> "expected \"" + messagePart + "\" in: " + o.last());
    }

    @Test
    void verifiesEntriesAgainstTheLatestCheckpoint(ChromeDriver driver) throws Exception {
        // seq 3: page checkpoint 10, latest 300 (consistency proof); Ed25519 manifest key.
        Outcome o = verify(driver, 3);
        assertVerified(o);
        // The page names its entry's bytes, so the browser reads that one entry by a range request, not the bundle.
        long bytes = Long.parseLong(driver.findElement(By.id("verify")).getDomAttribute("data-bytes"));
        long bundle = Files.size(site.site().resolve("tile/entries/000"));
        assertTrue(bytes < bundle, "downloaded " + bytes + " bytes, the entry bundle alone has " + bundle);
        assertTrue(o.steps().get(5).contains("checkpoints/10 signature valid; the latest tree extends it"), o.steps().get(5));
        assertTrue(o.steps().get(7).contains("ed25519"), o.steps().get(7));
        // seq 12: signed with ECDSA P-256 (a DER signature, converted for WebCrypto).
        Outcome ec = verify(driver, 12);
        assertVerified(ec);
        assertTrue(ec.steps().get(7).contains("ecdsa-p256-sha256"), ec.steps().get(7));
        // seq 0 (prev is zero), seq 256 (prev lives in the full bundle before), seq 299 (page checkpoint = latest).
        for (long seq : new long[] {0, 256, 299}) {
            assertVerified(verify(driver, seq));
        }
        assertEquals(List.of(), Chromium.consoleErrors(driver));
    }

    @Test
    void aChangedTileFailsTheInclusionProof(ChromeDriver driver) throws Exception {
        tampered("tile/0/000", 0, driver, () -> assertFailed(verify(driver, 3), "Inclusion",
                "the inclusion proof of entry 3 does not lead to the root of the latest checkpoint"));
    }

    @Test
    void aChangedEntryBundleFailsTheInclusionProof(ChromeDriver driver) throws Exception {
        // One byte inside entry 3's region name: still canonical JSON, but no longer the leaf the tree holds.
        byte[] bundle = Files.readAllBytes(site.site().resolve("tile/entries/000"));
        Entry e3 = site.entries.get(3);
        String text = new String(bundle, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"seq\":3,") ;
        int region = text.lastIndexOf("\"region\":\"" + e3.region(), at) + "\"region\":\"".length();
        assertTrue(region > 10 && region < at, "region of entry 3 found");
        tampered("tile/entries/000", region, driver, () -> assertFailed(verify(driver, 3), "Inclusion",
                "the inclusion proof of entry 3 does not lead to the root"));
    }

    @Test
    void aChangedManifestFailsTheDigest(ChromeDriver driver) throws Exception {
        tampered(site.entries.get(3).manifestPath(), 30, driver, () -> assertFailed(verify(driver, 3), "Manifest digest",
                "the entry claims " + site.entries.get(3).manifestSha256()));
    }

    @Test
    void aChangedCheckpointFailsItsSignature(ChromeDriver driver) throws Exception {
        String cp = Files.readString(site.site().resolve("checkpoint"));
        int root = cp.indexOf('\n', cp.indexOf('\n') + 1) + 1;
        tampered("checkpoint", root, driver, () -> assertFailed(verify(driver, 3), "Latest checkpoint",
                "bad signature from the trusted key"));
        tampered("checkpoints/10", root, driver, () -> assertFailed(verify(driver, 3), "Page checkpoint",
                "bad signature from the trusted key"));
    }

    @Test
    void aSwappedSignerKeyFailsTheSignature(ChromeDriver driver) throws Exception {
        String keyid = site.entries.get(3).signature().keyid();
        Path key = site.site().resolve("keys/" + keyid + ".pem");
        byte[] original = Files.readAllBytes(key);
        try {
            Files.write(key, Files.readAllBytes(site.site().resolve("keys/" + site.entries.get(12).signature().keyid() + ".pem")));
            assertFailed(verify(driver, 3), "Manifest signature", "the key's SHA-256 is not the key id the entry names");
        } finally {
            Files.write(key, original);
        }
    }

    @Test
    void anotherLogKeyIsRefused(ChromeDriver driver) throws Exception {
        driver.get(server.url("entries/0/3.html"));
        WebElement input = driver.findElement(By.id("verify-key"));
        input.clear();
        input.sendKeys(NoteSignerKey.generate(dev.stagelight.publisher.testing.TestIndex.ORIGIN).verifierKey().encode());
        assertFailed(run(driver), "Latest checkpoint", "no signature from the trusted key");
        input.clear();
        input.sendKeys("not a key");
        assertFailed(run(driver), "Verifier key", "expected name+hash+key");
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /** Changes one byte of a site file (a different byte of the same kind: printable stays printable), checks, restores. */
    static void tampered(String path, int offset, ChromeDriver driver, Check check) throws Exception {
        Path file = site.site().resolve(path);
        byte[] original = Files.readAllBytes(file);
        byte[] changed = original.clone();
        byte b = changed[offset];
        changed[offset] = b >= 0x21 && b < 0x7e ? (byte) (b == 'A' ? 'B' : (b == 'a' ? 'b' : (b == '0' ? '1' : 'A'))) : (byte) (b ^ 0x01);
        Files.write(file, changed);
        try {
            check.run();
        } finally {
            Files.write(file, original);
        }
        Chromium.consoleErrors(driver); // a failed check may leave none; drop whatever it left for the next test
    }
}
