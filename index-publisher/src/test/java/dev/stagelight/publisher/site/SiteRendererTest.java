package dev.stagelight.publisher.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void incrementalRendersEqualARebuildByteForByte() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp.resolve("a"));
        // Crosses block and listing page boundaries: 300 (block 0 full), 212 more (block 1 full at 512), then 9.
        for (int k : new int[] {3, 297, 212, 9}) {
            r.append(k).render();
        }
        Map<String, byte[]> incremental = RenderedIndex.files(r.index());

        Path copy = tmp.resolve("b/index");
        copyLogOnly(r.index(), copy);
        SiteRenderer.Result rebuilt = r.renderer(copy, tmp.resolve("b/index.state")).render(true);
        assertEquals(521, rebuilt.entryPages());
        Map<String, byte[]> full = RenderedIndex.files(copy);

        assertEquals(incremental.keySet(), full.keySet(), "the same files");
        for (var f : incremental.entrySet()) {
            assertArrayEquals(f.getValue(), full.get(f.getKey()), f.getKey() + " differs between incremental and rebuild");
        }
        assertArrayEquals(Files.readAllBytes(SiteState.file(r.state())),
                Files.readAllBytes(SiteState.file(tmp.resolve("b/index.state"))), "the same site state");
    }

    @Test
    void entryPagesProveAgainstTheCheckpointKeptWhenTheyWereFirstRendered() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(5).render();
        String first = Files.readString(r.index().resolve("entries/0/2.html"));
        r.append(300).render();
        assertEquals(first, Files.readString(r.index().resolve("entries/0/2.html")), "an entry page never changes");
        assertTrue(first.contains("data-proof-size=\"5\""), "proved against checkpoints/5");
        assertTrue(Files.readString(r.index().resolve("entries/1/300.html")).contains("data-proof-size=\"305\""));
        assertArrayEquals(Files.readAllBytes(r.index().resolve("checkpoint")),
                Files.readAllBytes(r.index().resolve("checkpoints/305")), "the current checkpoint is kept at its size");
    }

    @Test
    void publishingFewEntriesOntoALargeIndexWritesFewFiles() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(700).render();
        long files = Files.walk(r.index()).filter(Files::isRegularFile).count();
        SiteRenderer.Result one = r.append(1).render();
        assertEquals(1, one.entryPages());
        // entry page, 4 listing pages + JSON twins, 2 shards, home, browse, feed, tenant feed, index.json, kept checkpoint
        assertTrue(one.filesWritten() <= 20, "wrote " + one.filesWritten() + " files for one entry onto " + files);
        assertEquals(0, r.render().filesWritten(), "a render with nothing new writes nothing");
    }

    @Test
    void aRenderKilledBeforeItsStateIsCompletedByTheNextRun() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(250).render();
        byte[] oldState = Files.readAllBytes(SiteState.file(r.state()));
        r.append(20).render();
        // As if killed after every page was written but before the state: the next run redoes the same work.
        Files.write(SiteState.file(r.state()), oldState);
        Files.delete(r.index().resolve("entries/1/260.html"));
        SiteRenderer.Result again = r.render();
        assertEquals(20, again.entryPages());
        JsonNode block1 = JSON.readTree(r.index().resolve("api/v1/entries/1.json").toFile());
        assertEquals(14, block1.path("entries").size(), "no entry listed twice");
        JsonNode tenant = JSON.readTree(r.index().resolve("api/v1/tenants/tenant-0/0.json").toFile());
        assertEquals(39, tenant.path("entries").size(), "270 entries over 7 tenants: tenant-0 has 39, once each");
        assertTrue(Files.isRegularFile(r.index().resolve("entries/1/260.html")));
    }

    @Test
    void listingsAreAppendOnlyAndTheNextPageAlwaysExists() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(256).render();
        JsonNode block0 = JSON.readTree(r.index().resolve("api/v1/entries/0.json").toFile());
        assertTrue(block0.path("full").asBoolean());
        assertEquals(256, block0.path("entries").size());
        assertTrue(Files.readString(r.index().resolve("blocks/0.html")).contains("href=\"../blocks/1.html\""));
        assertTrue(Files.isRegularFile(r.index().resolve("blocks/1.html")), "the page a full page links to exists");
        byte[] full = Files.readAllBytes(r.index().resolve("blocks/0.html"));
        r.append(3).render();
        assertArrayEquals(full, Files.readAllBytes(r.index().resolve("blocks/0.html")), "a full page never changes");
        assertEquals(3, JSON.readTree(r.index().resolve("api/v1/entries/1.json").toFile()).path("entries").size());
    }

    @Test
    void indexJsonAndShardsFollowTheContract() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(30).render();
        JsonNode index = JSON.readTree(r.index().resolve("index.json").toFile());
        assertEquals(1, index.path("version").asInt());
        assertEquals(30, index.at("/checkpoint/size").asLong());
        JsonNode newest = index.path("entries").get(0);
        assertEquals(29, newest.path("seq").asLong());
        for (String f : new String[] {"ts", "region", "manifest_sha256", "signature", "rekor_uuid", "tenant", "kind", "links"}) {
            assertTrue(newest.has(f), "index.json entries carry " + f);
        }
        JsonNode shard = JSON.readTree(r.index().resolve(SitePaths.exportIdShard("exp-17")).toFile());
        assertTrue(shard.path("entries").findValuesAsText("export_id").contains("exp-17"));
    }

    @Test
    void aKeptCheckpointThatDisagreesWithTheTilesIsRefused() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(4).render();
        Path kept = r.index().resolve("checkpoints/4");
        Path other = tmp.resolve("other");
        RenderedIndex o = RenderedIndex.create(other);
        o.append(4).render();
        Files.copy(other.resolve("index/checkpoints/4"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IOException e = assertThrows(IOException.class, () -> r.renderer(r.index(), r.state()).render(true));
        assertTrue(e.getMessage().contains("checkpoints/4"), e.getMessage());
    }

    @Test
    void theCheckReportsAMissingEntryPage() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(10).render();
        Files.delete(r.index().resolve("entries/0/7.html"));
        RenderCheck.Failed e = assertThrows(RenderCheck.Failed.class,
                () -> RenderCheck.run(r.index(), 0, 10, SiteState.load(r.state()), Map.of()));
        assertTrue(e.getMessage().contains("entries/0/7.html is missing"), e.getMessage());
    }

    @Test
    void theSiteStepLeavesTheLogVerifiable() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        r.append(40).render();
        assertTrue(r.t.verify().verified(), "the verifier still accepts the index with its site");
    }

    private static void copyLogOnly(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                String rel = from.relativize(p).toString();
                if (Files.isRegularFile(p) && RenderedIndex.isLogFile(rel)) {
                    Files.createDirectories(to.resolve(rel).getParent());
                    Files.copy(p, to.resolve(rel));
                }
            }
        }
    }
}
