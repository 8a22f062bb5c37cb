package dev.stagelight.verifier.testing;

import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Pae;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.entry.EntrySignature;
import dev.stagelight.verifier.layout.DigestShard;
import dev.stagelight.verifier.layout.IndexLayout;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.note.Checkpoint;
import dev.stagelight.verifier.note.NoteSigner;
import dev.stagelight.verifier.note.NoteSignerKey;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.tiles.EntryBundleUpdate;
import dev.stagelight.verifier.tiles.TileUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Stagelight v1 index written in one go from the verifier's own write-side math (entry bundles, hash tiles,
 * digest shards, DSSE-signed manifests, a signed checkpoint), for tests that must stay inside the verifier module.
 * The publisher's append path writes the same layout; this builder has no crash safety and appends nothing.
 */
public final class V1Index {
    public static final String ORIGIN = "test.stagelight.dev/verifier-log";

    public final Path dir;
    public final NoteSignerKey logKey;
    public final KeyPair signer;
    public final Path signerPem;
    /** The checkpoint body as signed by {@link #logKey}. */
    public final String checkpointText;
    private final List<byte[]> manifests;
    private final List<byte[]> envelopes;

    private V1Index(Path dir, NoteSignerKey logKey, KeyPair signer, Path signerPem, String checkpointText,
            List<byte[]> manifests, List<byte[]> envelopes) {
        this.dir = dir;
        this.logKey = logKey;
        this.signer = signer;
        this.signerPem = signerPem;
        this.checkpointText = checkpointText;
        this.manifests = manifests;
        this.envelopes = envelopes;
    }

    /** Writes an index of {@code count} key-signed export entries under {@code root/index}, keys under {@code root/keys}. */
    public static V1Index create(Path root, int count) throws Exception {
        Path dir = Files.createDirectories(root.resolve("index"));
        NoteSignerKey logKey = NoteSignerKey.generate(ORIGIN);
        KeyPair signer = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = Files.createDirectories(root.resolve("keys")).resolve("signer.pub.pem");
        Files.writeString(pem, PublicKeys.toPem(signer.getPublic()));
        String keyId = PublicKeys.keyId(signer.getPublic());

        List<byte[]> leaves = new ArrayList<>();
        List<byte[]> leafHashes = new ArrayList<>();
        List<byte[]> manifests = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        Map<String, List<DigestShard.Ref>> shards = new LinkedHashMap<>();
        String prev = Entry.NO_PREV;
        for (int i = 0; i < count; i++) {
            byte[] manifest = statement("export-" + i).getBytes(StandardCharsets.UTF_8);
            String sha = hex(MerkleHash.sha256().digest(manifest));
            byte[] sig = sign(signer, Pae.encode(Envelope.IN_TOTO_PAYLOAD_TYPE, manifest));
            String sigB64 = Base64.getEncoder().encodeToString(sig);
            byte[] envelope = ("{\"payload\":\"" + Base64.getEncoder().encodeToString(manifest) + "\",\"payloadType\":\""
                    + Envelope.IN_TOTO_PAYLOAD_TYPE + "\",\"signatures\":[{\"keyid\":\"" + keyId + "\",\"sig\":\""
                    + sigB64 + "\"}]}").getBytes(StandardCharsets.UTF_8);
            write(dir, IndexLayout.manifest(sha), manifest);
            write(dir, IndexLayout.dsseEnvelope(sha), envelope);
            Entry e = new Entry(i, Instant.parse("2026-11-24T12:00:00Z").plusSeconds(i), "tenant-" + (i % 3),
                    "eu-west-1", EntryKind.fromWire("export"), sha, new EntrySignature(EntrySignature.ED25519, keyId,
                    sigB64), null, null, prev);
            byte[] leaf = e.toCanonicalBytes();
            byte[] leafHash = MerkleHash.leaf(leaf);
            leaves.add(leaf);
            leafHashes.add(leafHash);
            prev = hex(leafHash);
            manifests.add(manifest);
            envelopes.add(envelope);
            shards.computeIfAbsent(IndexLayout.digestShard(sha), k -> new ArrayList<>()).add(new DigestShard.Ref(sha, i));
        }
        for (Map.Entry<String, byte[]> b : EntryBundleUpdate.plan(0, leaves, null).entrySet()) {
            write(dir, b.getKey(), b.getValue());
        }
        TileUpdate tiles = TileUpdate.plan(0, leafHashes, (level, index) -> {
            throw new IllegalStateException("an index built from size 0 reads no old hash");
        });
        for (Map.Entry<String, byte[]> t : tiles.tiles().entrySet()) {
            write(dir, t.getKey(), t.getValue());
        }
        for (Map.Entry<String, List<DigestShard.Ref>> s : shards.entrySet()) {
            write(dir, s.getKey(), new DigestShard(s.getValue()).toBytes());
        }
        String text = new Checkpoint(ORIGIN, count, tiles.root()).format();
        write(dir, IndexLayout.CHECKPOINT, NoteSigner.sign(text, logKey));
        return new V1Index(dir, logKey, signer, pem, text, manifests, envelopes);
    }

    /** An export folder for entry {@code i}: its signed manifest and the file its subject names. */
    public Path export(Path to, int i) throws Exception {
        Files.createDirectories(to.resolve("exports/export-" + i));
        Files.writeString(to.resolve("exports/export-" + i + "/findings.jsonl"), findings("export-" + i));
        Files.write(to.resolve("manifest.dsse.json"), envelopes.get(i));
        return to;
    }

    public byte[] manifest(int i) {
        return manifests.get(i).clone();
    }

    private static String findings(String exportId) {
        return "{\"export\":\"" + exportId + "\",\"finding\":\"none\"}\n";
    }

    private static String statement(String exportId) {
        String digest = hex(MerkleHash.sha256().digest(findings(exportId).getBytes(StandardCharsets.UTF_8)));
        return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"exports/" + exportId
                + "/findings.jsonl\",\"digest\":{\"sha256\":\"" + digest + "\"}}],"
                + "\"predicateType\":\"https://stagelight.dev/export-manifest/v1\",\"predicate\":{\"export_id\":\""
                + exportId + "\"}}";
    }

    private static byte[] sign(KeyPair key, byte[] data) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(data);
        return s.sign();
    }

    private static void write(Path dir, String relative, byte[] bytes) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent() == null ? dir : p.getParent());
        Files.write(p, bytes);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
