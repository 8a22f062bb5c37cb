package dev.stagelight.publisher.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SitePathsTest {
    @Test
    void pathsFollowTheContract() {
        assertEquals("entries/0/255.html", SitePaths.entryPage(255));
        assertEquals("entries/1/256.html", SitePaths.entryPage(256));
        assertEquals("blocks/3.html", SitePaths.blockPage(3));
        assertEquals("api/v1/entries/3.json", SitePaths.blockJson(3));
        assertEquals("checkpoints/1000", SitePaths.keptCheckpoint(1000));
        assertEquals("tenants/tenant-001/0.html", SitePaths.listingPage("tenants", "tenant-001", 0));
        assertEquals("tenants/tenant-001/feed.atom", SitePaths.tenantFeed("tenant-001"));
        // sha256("exp-1") starts with these four hex digits
        assertTrue(SitePaths.exportIdShard("exp-1").matches("api/v1/export-id/[0-9a-f]{2}/[0-9a-f]{2}\\.json"));
    }

    @Test
    void segmentsAreSafeAndInjective() {
        assertEquals("eu-west-1", SitePaths.segment("eu-west-1"));
        assertEquals("x-41636d65", SitePaths.segment("Acme"));
        assertNotEquals(SitePaths.segment("Acme"), SitePaths.segment("acme"));
        assertEquals("x-782d61", SitePaths.segment("x-a"));
        assertEquals("x-612e62", SitePaths.segment("a.b"));
        assertEquals("x-2e2e", SitePaths.segment(".."));
    }

    @Test
    void rootPrefix() {
        assertEquals("./", SitePaths.rootOf("index.html"));
        assertEquals("../../", SitePaths.rootOf("entries/0/1.html"));
    }

    @Test
    void onlyRelativeAndHttpsLinks() {
        assertTrue(SitePaths.isAllowedLink("../../manifests/ab.json"));
        assertTrue(SitePaths.isAllowedLink("https://search.example/?logIndex=1"));
        assertFalse(SitePaths.isAllowedLink("javascript:alert(1)"));
        assertFalse(SitePaths.isAllowedLink("JaVaScRiPt:alert(1)"));
        assertFalse(SitePaths.isAllowedLink("data:text/html,x"));
        assertFalse(SitePaths.isAllowedLink("http://example/"));
        assertFalse(SitePaths.isAllowedLink("//evil.example/"));
    }
}
