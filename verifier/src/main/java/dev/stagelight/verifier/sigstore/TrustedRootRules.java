package dev.stagelight.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The validity windows of a trusted root, read and checked by us (sigstore-java 2.0.0 reads a window without a start
 * as open-ended). The rules of the trusted root spec ({@code TimeRange}, a closed interval):
 * <ul>
 *   <li>{@code start} is required: a key, CA or TSA without one is malformed, and the whole root is refused rather than
 *       trusted from the beginning of time;</li>
 *   <li>{@code end} is optional: without one the key is still in use; with one (even in the past) the key stays
 *       trusted for what it signed up to and including that instant, and for nothing later.</li>
 * </ul>
 */
final class TrustedRootRules {
    /** A closed interval; no end means still valid. */
    record Window(Instant start, Optional<Instant> end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && end.map(e -> !t.isAfter(e)).orElse(true);
        }

        @Override
        public String toString() {
            return "[" + start + ", " + end.map(Instant::toString).orElse("open") + "]";
        }
    }

    /** Transparency log windows by log id (hex SHA-256 of the log key, as bundles name it). */
    final Map<String, Window> tlogs;
    /** Transparency log keys by log id, those we can verify with (ECDSA P-256, Ed25519). */
    final Map<String, java.security.PublicKey> tlogKeys;

    private TrustedRootRules(Map<String, Window> tlogs, Map<String, java.security.PublicKey> tlogKeys) {
        this.tlogs = Map.copyOf(tlogs);
        this.tlogKeys = Map.copyOf(tlogKeys);
    }

    private static void addKey(Map<String, java.security.PublicKey> keys, String logId, byte[] spki) {
        try {
            keys.put(logId, dev.stagelight.verifier.keys.PublicKeys.parseSpki(spki, logId));
        } catch (dev.stagelight.verifier.keys.KeyException otherAlgorithm) {
            // Not a key our own log check can use; sigstore-java's checks still can.
        }
    }

    /**
     * The windows of a root sigstore-java has read (the one TUF fetched): there a missing start can no longer be told
     * from the epoch, which TUF's signed metadata would not ship anyway.
     */
    static TrustedRootRules of(dev.sigstore.trustroot.SigstoreTrustedRoot root) {
        Map<String, Window> tlogs = new HashMap<>();
        Map<String, java.security.PublicKey> keys = new HashMap<>();
        for (dev.sigstore.trustroot.TransparencyLog log : root.getTLogs()) {
            dev.sigstore.trustroot.ValidFor v = log.getPublicKey().getValidFor();
            String id = HexFormat.of().formatHex(log.getLogId().getKeyId());
            tlogs.put(id, new Window(v.getStart(), v.getEnd()));
            addKey(keys, id, log.getPublicKey().getRawBytes());
        }
        return new TrustedRootRules(tlogs, keys);
    }

    static TrustedRootRules check(byte[] json, String source) throws SigstoreException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new SigstoreException(source + ": not a usable Sigstore trusted root: not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SigstoreException(source + ": not a usable Sigstore trusted root: expected a JSON object");
        }
        Map<String, Window> tlogs = new HashMap<>();
        Map<String, java.security.PublicKey> keys = new HashMap<>();
        for (String list : new String[] {"tlogs", "ctlogs"}) {
            JsonNode logs = root.path(list);
            for (int i = 0; i < logs.size(); i++) {
                String at = "/" + list + "/" + i + "/publicKey/validFor";
                Window w = window(logs.get(i).at("/publicKey/validFor"), source, at);
                if (list.equals("tlogs")) {
                    JsonNode keyId = logs.get(i).at("/logId/keyId");
                    JsonNode raw = logs.get(i).at("/publicKey/rawBytes");
                    if (keyId.isTextual()) {
                        String id = HexFormat.of().formatHex(base64(keyId.textValue(), source, "/" + list + "/" + i + "/logId/keyId"));
                        tlogs.put(id, w);
                        if (raw.isTextual()) {
                            addKey(keys, id, base64(raw.textValue(), source, "/" + list + "/" + i + "/publicKey/rawBytes"));
                        }
                    }
                }
            }
        }
        for (String list : new String[] {"certificateAuthorities", "timestampAuthorities"}) {
            JsonNode cas = root.path(list);
            for (int i = 0; i < cas.size(); i++) {
                window(cas.get(i).path("validFor"), source, "/" + list + "/" + i + "/validFor");
            }
        }
        return new TrustedRootRules(tlogs, keys);
    }

    private static Window window(JsonNode validFor, String source, String at) throws SigstoreException {
        if (!validFor.path("start").isTextual()) {
            throw new SigstoreException(source + ": not a usable Sigstore trusted root: " + at + "/start: missing (the"
                    + " start of a validity window is required; without it the key would be trusted for all time)");
        }
        Instant start = instant(validFor.get("start").textValue(), source, at + "/start");
        Optional<Instant> end = validFor.path("end").isTextual()
                ? Optional.of(instant(validFor.get("end").textValue(), source, at + "/end")) : Optional.empty();
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new SigstoreException(source + ": not a usable Sigstore trusted root: " + at + ": ends before it starts");
        }
        return new Window(start, end);
    }

    private static Instant instant(String s, String source, String at) throws SigstoreException {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new SigstoreException(source + ": not a usable Sigstore trusted root: " + at + ": not an RFC 3339 time: \"" + s + "\"");
        }
    }

    private static byte[] base64(String s, String source, String at) throws SigstoreException {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new SigstoreException(source + ": not a usable Sigstore trusted root: " + at + ": invalid base64");
        }
    }
}
