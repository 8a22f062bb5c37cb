package dev.stagelight.publisher.site;

import dev.stagelight.verifier.layout.IndexLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Every site path, built from numbers, digests and a safe encoding of names, never from manifest text (see
 * SITE-CONTRACT.md). All paths are relative to the index folder; {@link #rootOf} gives the prefix a page at a path
 * needs to reach the root, so the site works from any sub-path.
 */
public final class SitePaths {
    /** Entries per block page, equal to the entry bundle width so a full page never changes. */
    public static final int PAGE = 256;

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

    private SitePaths() {}

    public static String entryPage(long seq) {
        requireSeq(seq);
        return "entries/" + (seq / PAGE) + "/" + seq + ".html";
    }

    public static String blockPage(long block) {
        requireSeq(block);
        return "blocks/" + block + ".html";
    }

    public static String blockJson(long block) {
        requireSeq(block);
        return "api/v1/entries/" + block + ".json";
    }

    public static String keptCheckpoint(long size) {
        requireSeq(size);
        return "checkpoints/" + size;
    }

    /** {@code tenants/<seg>/<page>.html}, {@code regions/...}, {@code months/...}. */
    public static String listingPage(String kind, String value, long page) {
        requireSeq(page);
        return requireKind(kind) + "/" + segment(value) + "/" + page + ".html";
    }

    public static String tenantFeed(String tenant) {
        return "tenants/" + segment(tenant) + "/feed.atom";
    }

    /** {@code api/v1/export-id/<ab>/<cd>.json}, keyed by the first 4 hex digits of SHA-256 of the UTF-8 export id. */
    public static String exportIdShard(String exportId) {
        String h = HexFormat.of().formatHex(sha256(exportId.getBytes(StandardCharsets.UTF_8)));
        return "api/v1/export-id/" + h.substring(0, 2) + "/" + h.substring(2, 4) + ".json";
    }

    /** The manifest and its signature file, by digest only. */
    public static String manifest(String sha256) {
        return IndexLayout.manifest(sha256);
    }

    /**
     * A path segment for a name: the name itself when it is lowercase {@code [a-z0-9-]} and does not start with
     * {@code x-}; otherwise {@code x-} and the hex of its UTF-8 bytes. Injective, so two names never share a folder
     * (case matters: {@code Acme} and {@code acme} are different tenants).
     */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty name for a path segment");
        }
        if (PLAIN.matcher(value).matches() && !value.startsWith("x-")) {
            return value;
        }
        return "x-" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The relative prefix from the page at {@code path} to the site root: {@code ./}, {@code ../}, {@code ../../}. */
    public static String rootOf(String path) {
        long depth = path.chars().filter(c -> c == '/').count();
        return depth == 0 ? "./" : "../".repeat((int) depth);
    }

    /** True for links the site may emit: relative paths without a scheme, or https: URLs. */
    public static boolean isAllowedLink(String link) {
        if (link == null || link.isEmpty() || link.startsWith("//")) {
            return false;
        }
        if (link.startsWith("https://")) {
            return true;
        }
        int colon = link.indexOf(':');
        int slash = link.indexOf('/');
        return colon < 0 || (slash >= 0 && slash < colon) || link.indexOf('?') >= 0 && link.indexOf('?') < colon;
    }

    private static String requireKind(String kind) {
        if (!kind.equals("tenants") && !kind.equals("regions") && !kind.equals("months")) {
            throw new IllegalArgumentException("expected tenants, regions or months, found \"" + kind + "\"");
        }
        return kind;
    }

    private static void requireSeq(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("expected a non-negative number, found " + n);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
