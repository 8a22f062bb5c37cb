package dev.stagelight.verifier.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryTest {
    private static final String SHA = "ab".repeat(32);
    private static final Entry SIGNED = new Entry(7, Instant.parse("2026-11-24T23:42:07Z"), "acme", "eu-west",
            EntryKind.EXPORT, SHA, new EntrySignature("ed25519", "key1", "c2ln"), null, null, "cd".repeat(32));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Entry e) {
        return new String(e.toCanonicalBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void canonicalBytesAreSortedCompactAndRoundTrip() {
        String json = text(SIGNED);
        assertEquals("{\"kind\":\"export\",\"manifest_path\":\"manifests/" + SHA + ".json\",\"manifest_sha256\":\"" + SHA
                + "\",\"prev\":\"" + "cd".repeat(32) + "\",\"region\":\"eu-west\",\"seq\":7,"
                + "\"signature\":{\"alg\":\"ed25519\",\"keyid\":\"key1\",\"sig\":\"c2ln\"},\"tenant\":\"acme\","
                + "\"ts\":\"2026-11-24T23:42:07Z\",\"v\":1}", json);
        assertEquals(SIGNED, Entry.parse(b(json), "test"));
    }

    @Test
    void sigstoreEntryWithRekorRoundTrips() {
        Entry e = new Entry(0, Instant.parse("2026-01-02T03:04:05.120Z"), "t", "r", EntryKind.ROLLOUT_EVIDENCE, SHA, null,
                "manifests/" + SHA + ".sigstore.json", new RekorRef(42, "ef".repeat(32)), Entry.NO_PREV);
        byte[] bytes = e.toCanonicalBytes();
        assertEquals(e, Entry.parse(bytes, "test"));
        assertTrue(text(e).contains("\"rekor\":{\"log_index\":42,\"uuid\":\"" + "ef".repeat(32) + "\"}"));
        assertTrue(text(e).contains("\"ts\":\"2026-01-02T03:04:05.120Z\""));
    }

    @Test
    void nonCanonicalBytesAreRejected() {
        String spaced = text(SIGNED).replace(",", ", ");
        EntryException e = assertThrows(EntryException.class, () -> Entry.parse(b(spaced), "tile/entries/000#7"));
        assertTrue(e.getMessage().startsWith("tile/entries/000#7: "), e.getMessage());
        assertTrue(e.getMessage().contains("canonical"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../manifests/x.json", "https://evil.example/m.json", "//evil.example/m.json",
            "manifests/../../x.json", "C:\\\\m.json", "manifests/other.json"})
    void manifestPathMustBeTheDigestPath(String bad) {
        String json = text(SIGNED).replace("manifests/" + SHA + ".json", bad);
        EntryException e = assertThrows(EntryException.class, () -> Entry.parse(b(json), "src"));
        assertEquals("/manifest_path", e.pointer(), e.getMessage());
        assertTrue(e.getMessage().contains("src: /manifest_path: expected"), e.getMessage());
    }

    @Test
    void fieldErrorsNameTheField() {
        assertPointer(text(SIGNED).replace("\"kind\":\"export\"", "\"kind\":\"other\""), "/kind");
        assertPointer(text(SIGNED).replace("\"seq\":7", "\"seq\":\"7\""), "/seq");
        assertPointer(text(SIGNED).replace("\"v\":1", "\"v\":2"), "/v");
        assertPointer(text(SIGNED).replace("2026-11-24T23:42:07Z", "2026-11-24 23:42:07"), "/ts");
        assertPointer(text(SIGNED).replace("\"alg\":\"ed25519\"", "\"alg\":\"rsa\""), "/signature/alg");
        assertPointer(text(SIGNED).replace("\"sig\":\"c2ln\"", "\"sig\":\"c2l!\""), "/signature/sig");
        assertPointer(text(SIGNED).replace("\"prev\":\"cd", "\"prev\":\"CD"), "/prev");
        assertPointer(text(SIGNED).replace("\"tenant\":\"acme\"", "\"tenant\":\"\""), "/tenant");
        assertPointer(text(SIGNED).replace("{\"kind\"", "{\"extra\":1,\"kind\""), "/extra");
    }

    @Test
    void malformedJsonNamesTheSource() {
        EntryException e = assertThrows(EntryException.class, () -> Entry.parse(b("{\"v\":"), "entries#3"));
        assertTrue(e.getMessage().startsWith("entries#3: malformed JSON"), e.getMessage());
    }

    private static void assertPointer(String json, String pointer) {
        EntryException e = assertThrows(EntryException.class, () -> Entry.parse(b(json), "src"));
        assertEquals(pointer, e.pointer(), e.getMessage());
        assertTrue(e.getMessage().startsWith("src: " + pointer + ": "), e.getMessage());
    }

    @Test
    void canonicalBytesAreStable() {
        assertArrayEquals(SIGNED.toCanonicalBytes(), Entry.parse(SIGNED.toCanonicalBytes(), "x").toCanonicalBytes());
    }

    /** Each field check names the pointer and says what it expected and found (messages built only on failure). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "\"seq\":7|\"seq\":\"7\"|/seq: expected an integer, found STRING",
        "\"tenant\":\"acme\"|\"tenant\":1|/tenant: expected a string, found NUMBER",
        "\"tenant\":\"acme\"|\"tenant\":\"-acme\"|/tenant: expected 1-128 characters [A-Za-z0-9._-] starting with a letter or digit, found \"-acme\"",
        "\"kind\":\"export\"|\"kind\":\"import\"|/kind: expected \"export\" or \"rollout-evidence\", found \"import\"",
        "\"v\":1|\"v\":1,\"zz\":0|/zz: unknown field; expected one of [kind, manifest_path, manifest_sha256, prev, region, rekor, seq, signature, sigstore_bundle_path, tenant, ts, v]",
        "\"sig\":\"c2ln\"|\"sig\":\"c2ln\",\"x\":1|/signature/x: unknown field; expected one of [alg, keyid, sig]",
        "\"signature\":{|\"signature\":[{|/signature: expected an object, found ARRAY",
        "\"prev\":\"cdcd|\"prev\":\"CDcd|/prev: expected 64 lowercase hex digits, found \"CDcd",
        "\"manifest_path\":\"manifests/|\"manifest_path\":\"manifests//|/manifest_path: expected a normalized relative path, found traversal or empty segments in \"manifests//",
        "\"manifest_path\":\"manifests/|\"manifest_path\":\"./manifests/|/manifest_path: expected a normalized relative path, found traversal or empty segments in \"./manifests/",
        "\"manifest_path\":\"manifests/|\"manifest_path\":\"c:manifests/|/manifest_path: expected a relative path inside the index, found an absolute path \"c:manifests/",
        "\"manifest_path\":\"manifests/|\"manifest_path\":\"m:anifests/|/manifest_path: expected a relative path inside the index, found an absolute path \"m:anifests/",
        "\"manifest_path\":\"manifests/|\"manifest_path\":\"mani:fests/|/manifest_path: expected a plain relative path, found a scheme in \"mani:fests/",
        "\"manifest_path\":\"manifests/|\"manifest_path\":\"tile/|/manifest_path: expected \"manifests/",
    })
    void fieldErrorsNameThePointerWhatWasExpectedAndWhatWasFound(String from, String to, String message) {
        String json = text(SIGNED).replace(from, to);
        if (to.startsWith("\"signature\":[{")) {
            json = json.replace("\"c2ln\"}", "\"c2ln\"}]");
        }
        String bad = json;
        EntryException e = assertThrows(EntryException.class, () -> Entry.parse(b(bad), "src"));
        assertTrue(e.getMessage().startsWith("src: " + message), e.getMessage());
    }
}
