package dev.stagelight.verifier.check;

import dev.stagelight.verifier.layout.DigestShard;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.source.IndexSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The digest look-up shards ({@code api/v1/sha256/<ab>/<cd>.json}) list every entry of the tree exactly once, under
 * its manifest digest, and nothing else below the tree size: a damaged shard that hides an entry (so a look-up by
 * digest says "not in the index"), lists one twice, or points a digest at another entry's seq is reported, naming
 * the shard file. Refs at or beyond the tree size are leftovers of an interrupted append and are ignored, as every
 * reader ignores them.
 *
 * <p>Memory: the full pass records each entry's 32-byte manifest digest, 32 MB per million entries, in chunks, and
 * one bit per entry for "listed"; the shards are then read once each (at most 65,536), on worker threads.
 */
final class DigestShardCheck {
    static final String CHECK = "digest-shards";
    private static final int CHUNK = 1 << 16;
    private static final int SHARDS = 1 << 16;
    private static final HexFormat HEX = HexFormat.of();

    private final long size;
    private final byte[][] digests;
    private final BitSet known;
    private final BitSet shards = new BitSet(SHARDS);
    private final BitSet missing = new BitSet(SHARDS);

    DigestShardCheck(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tree size " + size + " too large for the digest shard check");
        }
        this.size = size;
        this.digests = new byte[(int) ((size + CHUNK - 1) / CHUNK)][];
        this.known = new BitSet((int) size);
    }

    /** Records the manifest digest of entry {@code seq} (an entry that parsed). Called in seq order. */
    void add(long seq, String manifestSha256) {
        int chunk = (int) (seq / CHUNK);
        if (digests[chunk] == null) {
            digests[chunk] = new byte[(int) Math.min(CHUNK, size - (long) chunk * CHUNK) * 32];
        }
        byte[] d = HEX.parseHex(manifestSha256);
        System.arraycopy(d, 0, digests[chunk], (int) (seq % CHUNK) * 32, 32);
        known.set((int) seq);
        shards.set(shardOf(d));
    }

    private static int shardOf(byte[] digest) {
        return ((digest[0] & 0xff) << 8) | (digest[1] & 0xff);
    }

    /** Reads every shard that must exist and records the {@value #CHECK} check. */
    void verify(IndexSource source, ReportBuilder report, int threads) throws IOException {
        BitSet listed = new BitSet((int) size);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        int read = 0;
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int s = shards.nextSetBit(0); s >= 0; s = shards.nextSetBit(s + 1)) {
                int shard = s;
                results.add(pool.submit(() -> checkShard(source, shard, listed)));
                read++;
            }
            for (Future<List<String>> f : results) {
                for (String failure : f.get()) {
                    report.failed(CHECK, failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading digest shards");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        BitSet unlisted = (BitSet) known.clone();
        unlisted.andNot(listed);
        for (int seq = unlisted.nextSetBit(0); seq >= 0; seq = unlisted.nextSetBit(seq + 1)) {
            if (missing.get(shardOf(digestOf(seq)))) {
                unlisted.clear(seq); // its shard file is missing, and reported as such
            }
        }
        int reported = 0;
        for (int seq = unlisted.nextSetBit(0); seq >= 0 && reported < 20; seq = unlisted.nextSetBit(seq + 1)) {
            String digest = HEX.formatHex(digestOf(seq));
            String path = IndexLayout.digestShard(digest);
            report.failed(CHECK, source.describe(path) + ": does not list entry " + seq + " (manifest_sha256 "
                    + digest + "); a look-up by that digest would not find it");
            reported++;
        }
        if (unlisted.cardinality() > reported) {
            report.failed(CHECK, (unlisted.cardinality() - reported) + " more entries are missing from their digest"
                    + " shards");
        }
        report.okUnlessFailed(CHECK, read + " digest shards list each of the " + known.cardinality()
                + " entries exactly once, under its manifest digest");
    }

    private List<String> checkShard(IndexSource source, int shard, BitSet listed) throws IOException {
        String prefix = String.format("%04x", shard);
        String path = IndexLayout.DIGEST_SHARDS + "/" + prefix.substring(0, 2) + "/" + prefix.substring(2) + ".json";
        String where = source.describe(path);
        List<String> failures = new ArrayList<>();
        List<DigestShard.Ref> refs;
        try {
            refs = DigestShard.listed(source.read(path), where);
        } catch (NoSuchFileException e) {
            synchronized (missing) {
                missing.set(shard);
            }
            failures.add(where + ": missing; it must list the entries whose manifest digest starts with " + prefix);
            return failures;
        } catch (IllegalArgumentException e) {
            failures.add(e.getMessage());
            return failures;
        }
        for (int i = 0; i < refs.size(); i++) {
            DigestShard.Ref r = refs.get(i);
            if (r.seq() >= size) {
                continue;
            }
            String at = where + ": /entries/" + i;
            if (!r.manifestSha256().startsWith(prefix)) {
                failures.add(at + "/manifest_sha256: " + r.manifestSha256() + " does not belong in this shard"
                        + " (prefix " + prefix + ")");
                continue;
            }
            int seq = (int) r.seq();
            if (!known.get(seq)) {
                continue; // the entry did not parse; that failure is reported already
            }
            if (!Arrays.equals(digestOf(seq), HEX.parseHex(r.manifestSha256()))) {
                failures.add(at + ": lists seq " + seq + " under " + r.manifestSha256() + ", but entry " + seq
                        + " has manifest_sha256 " + HEX.formatHex(digestOf(seq)));
                continue;
            }
            boolean twice;
            synchronized (listed) {
                twice = listed.get(seq);
                listed.set(seq);
            }
            if (twice) {
                failures.add(at + ": lists entry " + seq + " (manifest_sha256 " + r.manifestSha256()
                        + ") a second time");
            }
        }
        return failures;
    }

    private byte[] digestOf(int seq) {
        return Arrays.copyOfRange(digests[seq / CHUNK], (seq % CHUNK) * 32, (seq % CHUNK) * 32 + 32);
    }
}
