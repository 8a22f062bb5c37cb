package dev.stagelight.publisher.site;

import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryException;
import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteVerifierKey;
import dev.stagelight.verifier.tiles.EntryBundle;
import dev.stagelight.verifier.tiles.TileFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * Renders the static site into the index folder, beside the log, for the tree size of the current checkpoint.
 * Incremental by default: k new entries on an index of n render their entry pages, the last page of each listing they
 * touch, the shards they fall in, home, feeds and {@code index.json}: O(k + log n) files. {@link #render} with
 * {@code rebuild} renders everything from the log and writes the same bytes (rebuild state is recomputed too).
 *
 * <p>Order, for crash safety: the current checkpoint is kept as {@code checkpoints/<size>} (create-exclusive) first,
 * then pages (each atomic), and the site state last. A render killed anywhere leaves the state at the old size, and
 * the next run redoes the rest; the log's own files are only read, never written.
 */
public final class SiteRenderer {
    /** Entries shown on the home page, in {@code index.json} and in the feeds. */
    static final int NEWEST = 20;
    static final int FEED = 50;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";
    private static final HexFormat HEX = HexFormat.of();

    /** What a render did, for the command's summary and the benchmarks. */
    public record Result(long fromSize, long toSize, long entryPages, long listingPages, long filesWritten,
            long filesUnchanged, long bytesWritten, RenderCheck.Report check) {}

    /** Options a publisher sets: where else the log key is published, the public URL for copy-paste commands. */
    public record Options(List<String> keyElsewhere, String publicUrl, int threads) {
        public Options {
            for (String k : keyElsewhere) {
                if (!k.startsWith("https://")) {
                    throw new IllegalArgumentException("--key-published-at: expected an https: URL, found \"" + k + "\"");
                }
            }
            if (publicUrl != null && !publicUrl.startsWith("https://")) {
                throw new IllegalArgumentException("--public-url: expected an https: URL, found \"" + publicUrl + "\"");
            }
        }

        public static Options defaults() {
            return new Options(List.of(), null, Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
    }

    private final Path index;
    private final Path stateDir;
    private final NoteVerifierKey vkey;
    private final SiteTemplates templates;
    private final Options options;
    private Consumer<String> progress = s -> {};

    public SiteRenderer(Path index, Path stateDir, NoteVerifierKey vkey, SiteTemplates templates, Options options) {
        this.index = index;
        this.stateDir = stateDir;
        this.vkey = vkey;
        this.templates = templates;
        this.options = options;
    }

    /** Progress lines (every 10,000 entry pages) go here; silent by default. */
    public SiteRenderer withProgress(Consumer<String> progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Renders what the site lacks for the current checkpoint (everything, with {@code rebuild}). The caller holds the
     * index's state lock, so no append runs meanwhile.
     *
     * @throws IOException naming the file when the log or site cannot be read, and {@link RenderCheck.Failed} when the
     *     rendered site misses a page or shard for an entry
     */
    public Result render(boolean rebuild) throws IOException {
        byte[] note = Files.readAllBytes(index.resolve(IndexLayout.CHECKPOINT));
        Checkpoint cp;
        try {
            cp = Checkpoint.openSigned(note, List.of(vkey), index.resolve(IndexLayout.CHECKPOINT).toString());
        } catch (NoteException e) {
            throw new IOException(e.getMessage(), e);
        }
        long n = cp.size();
        SiteState state = rebuild ? new SiteState() : SiteState.load(stateDir);
        long m = state.size;
        if (m > n) {
            throw new IOException(SiteState.file(stateDir) + ": the site was rendered for tree size " + m
                    + " but the checkpoint has size " + n + "; the log shrank, refusing to render over it");
        }
        SiteWriter out = new SiteWriter(index, rebuild);
        if (n > 0) {
            keep(note, cp);
        }
        KeptProofs proofs = KeptProofs.open(index, vkey, n);
        Map<String, Object> common = common(cp);
        Listings listings = new Listings(out, state, m, model -> listingPage(model, common));
        ExportIdShards shards = new ExportIdShards();
        long pages = renderEntries(m, n, state, out, listings, shards, proofs, common);
        listings.flush();
        shards.flush(out, rebuild ? 0 : m);
        state.size = n;
        new SitePages(out, templates, common, vkey, options).write(cp, state, listings);
        out.syncDeferred();
        RenderCheck.Report check = RenderCheck.run(index, m, n, state, shards.added());
        state.save(stateDir);
        return new Result(m, n, pages, listings.pagesWritten(), out.filesWritten(), out.filesUnchanged(),
                out.bytesWritten(), check);
    }

    /** Keeps the signed checkpoint at its size, once; a different tree at the same size is a fork. */
    private void keep(byte[] note, Checkpoint cp) throws IOException {
        Path kept = index.resolve(SitePaths.keptCheckpoint(cp.size()));
        Files.createDirectories(kept.getParent());
        if (!AtomicFiles.createImmutable(kept, note)) {
            Checkpoint old;
            try {
                old = Checkpoint.openSigned(Files.readAllBytes(kept), List.of(vkey), kept.toString());
            } catch (NoteException e) {
                throw new IOException(kept + ": " + e.getMessage(), e);
            }
            if (!Arrays.equals(old.rootHash(), cp.rootHash())) {
                throw new IOException(kept + ": kept checkpoint has root " + HEX.formatHex(old.rootHash())
                        + " but the current checkpoint at the same size has root " + HEX.formatHex(cp.rootHash())
                        + ": the log forked; refusing to render");
            }
        }
    }

    private long renderEntries(long m, long n, SiteState state, SiteWriter out, Listings listings,
            ExportIdShards shards, KeptProofs proofs, Map<String, Object> common) throws IOException {
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        long pages = 0;
        try {
            for (long block = m / SitePaths.PAGE; block * SitePaths.PAGE < n; block++) {
                List<byte[]> leaves = readBundle(block, n);
                long first = block * SitePaths.PAGE;
                String[] ranges = ranges(leaves);
                String prevOfFirst = "";
                if (block > 0) {
                    String[] before = ranges(readBundle(block - 1, n));
                    prevOfFirst = before[before.length - 1];
                }
                int from = (int) Math.max(0, m - first);
                List<Integer> positions = new ArrayList<>();
                for (int i = from; i < leaves.size(); i++) {
                    positions.add(i);
                }
                // Reading manifests and rendering pages is independent per entry; listings and counts are in order.
                List<EntryPage.Input> inputs = submit(pool, () -> positions.parallelStream()
                        .map(i -> read(first + i, leaves.get(i))).toList());
                List<EntryPage.Input> placed = new ArrayList<>();
                for (EntryPage.Input in : inputs) {
                    Entry e = in.entry();
                    long tenantPage = listings.nextPage("tenants", e.tenant());
                    long regionPage = listings.nextPage("regions", e.region());
                    SiteRow row = SiteRow.of(e, in.manifest() == null ? "" : in.manifest().exportId());
                    listings.add(row);
                    shards.add(row.exportId(), e.seq(), e.manifestSha256());
                    state.kinds.merge(row.kind(), 1L, Long::sum);
                    state.days.computeIfAbsent(row.day(), d -> new java.util.TreeMap<>()).merge(row.region(), 1L, Long::sum);
                    int pos = (int) (e.seq() - first);
                    placed.add(new EntryPage.Input(e, in.leaf(), in.manifest(), in.manifestError(), in.sigstoreBundle(),
                            in.keyPublished(), tenantPage, regionPage, ranges[pos], pos > 0 ? ranges[pos - 1] : prevOfFirst));
                }
                submit(pool, () -> {
                    placed.parallelStream().forEach(in -> {
                        try {
                            String path = SitePaths.entryPage(in.entry().seq());
                            out.write(path, templates.render("entry.ftlh", EntryPage.model(in, proofs, common)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    return null;
                });
                long before = pages;
                pages += placed.size();
                if (pages / 10_000 != before / 10_000) {
                    progress.accept("rendered " + pages + "/" + (n - m) + " entry pages");
                }
            }
        } finally {
            pool.shutdown();
        }
        return pages;
    }

    private interface Work<T> {
        T run();
    }

    private static <T> T submit(ForkJoinPool pool, Work<T> work) throws IOException {
        try {
            return pool.submit(work::run).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(c.getMessage(), c);
        }
    }

    /** "offset+length" of each entry (its length prefix included) inside the bundle, as a range request names it. */
    private static String[] ranges(List<byte[]> leaves) {
        String[] out = new String[leaves.size()];
        long at = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = at + "+" + (2 + leaves.get(i).length);
            at += 2 + leaves.get(i).length;
        }
        return out;
    }

    private List<byte[]> readBundle(long block, long n) throws IOException {
        String path = IndexLayout.entryBundle(block, n);
        try {
            return EntryBundle.decode(Files.readAllBytes(index.resolve(path)));
        } catch (TileFormatException e) {
            throw new IOException(index.resolve(path) + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IOException(index.resolve(path) + ": entry bundle missing for tree size " + n, e);
        }
    }

    /** Reads one entry's manifest and signature files (untrusted: checked against the entry's digest). */
    private EntryPage.Input read(long seq, byte[] leaf) {
        try {
            Entry e;
            try {
                e = Entry.parse(leaf, IndexLayout.entryBundle(seq / SitePaths.PAGE, seq + 1) + "#" + (seq % SitePaths.PAGE));
            } catch (EntryException ex) {
                throw new IOException(index + ": " + ex.getMessage(), ex);
            }
            if (e.seq() != seq) {
                throw new IOException(index + ": entry at position " + seq + " says seq " + e.seq());
            }
            Path mf = index.resolve(e.manifestPath());
            ManifestView manifest = null;
            String error = null;
            try {
                byte[] bytes = Files.readAllBytes(mf);
                if (!HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).equals(e.manifestSha256())) {
                    throw new IOException(mf + ": does not match the entry's manifest_sha256 (entry " + seq + ")");
                }
                manifest = ManifestView.parse(bytes, mf.toString());
            } catch (NoSuchFileException ex) {
                error = "The manifest file is missing from the index.";
            }
            byte[] bundle = null;
            if (e.sigstoreBundlePath() != null) {
                try {
                    bundle = Files.readAllBytes(index.resolve(e.sigstoreBundlePath()));
                } catch (NoSuchFileException ex) {
                    bundle = null;
                }
            }
            boolean key = e.signature() != null && IndexLayout.isDigest(e.signature().keyid())
                    && Files.isRegularFile(index.resolve(IndexLayout.signerKey(e.signature().keyid())));
            return new EntryPage.Input(e, leaf, manifest, error, bundle, key, 0, 0, "", "");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Map<String, Object> common(Checkpoint cp) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("origin", cp.origin());
        site.put("size", cp.size());
        site.put("lastBlock", cp.size() / SitePaths.PAGE);
        site.put("csp", CSP);
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("site", site);
        common.put("vkey", vkey.encode());
        return common;
    }

    private String listingPage(Map<String, Object> model, Map<String, Object> common) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>(common);
        m.putAll(model);
        String kind = (String) model.get("kind");
        String name = (String) model.get("name");
        long page = (Long) model.get("page");
        switch (kind) {
            case Listings.BLOCKS -> {
                m.put("heading", "Entries, block " + page);
                m.put("description", "All entries of the log, 256 a page, aligned to the log's entry bundles.");
            }
            case "tenants" -> {
                m.put("heading", "Tenant " + name + ", page " + page);
                m.put("description", "Entries of tenant " + name + ".");
            }
            case "regions" -> {
                m.put("heading", "Region " + name + ", page " + page);
                m.put("description", "Entries of region " + name + ".");
            }
            default -> {
                m.put("heading", "Month " + name + ", page " + page);
                m.put("description", "Entries timestamped in " + name + " (UTC).");
            }
        }
        return templates.render("listing.ftlh", m);
    }
}
