package dev.stagelight.publisher.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.publisher.append.IngestedManifest;
import dev.stagelight.publisher.keys.DsseSigner;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.verifier.dsse.DsseException;
import dev.stagelight.verifier.dsse.DsseVerifier;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Statement;
import dev.stagelight.verifier.entry.Entry;
import dev.stagelight.verifier.entry.EntryException;
import dev.stagelight.verifier.entry.EntryKind;
import dev.stagelight.verifier.entry.EntrySignature;
import dev.stagelight.verifier.entry.RekorRef;
import dev.stagelight.verifier.json.CanonicalJson;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.keys.SignatureVerifier;
import dev.stagelight.verifier.merkle.MerkleHash;
import dev.stagelight.verifier.sigstore.SigstoreBundleVerifier;
import dev.stagelight.verifier.sigstore.SigstoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the files handed to {@code append} into {@link IngestedManifest}s. Three kinds of file, told apart by content:
 * <ul>
 *   <li>a DSSE envelope ({@code payloadType}, {@code payload}, {@code signatures}) carrying an in-toto Statement: it
 *       must verify with one of the trusted manifest keys; the entry records that signature;</li>
 *   <li>a Sigstore bundle ({@code mediaType application/vnd.dev.sigstore.bundle...}) with a DSSE envelope: it must
 *       verify offline against the Sigstore trusted root given with {@link #withSigstore} (refused without one); the
 *       entry points to the bundle and records the Rekor log index and entry uuid from its transparency log entry;</li>
 *   <li>an unsigned in-toto Statement v1 ({@code _type}): canonicalized (RFC 8785) and signed here with the
 *       publisher's signing key.</li>
 * </ul>
 * The entry's tenant and region come from the statement's predicate ({@code tenant}, {@code region}), its kind from
 * the predicate type; {@link Defaults} fills what a foreign statement lacks.
 */
public final class ManifestIngest {
    public static final String EXPORT_PREDICATE = "https://stagelight.dev/export-manifest/v1";
    public static final String ROLLOUT_EVIDENCE_PREDICATE = "https://stagelight.dev/rollout-evidence/v1";
    private static final String SIGSTORE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Entry fields for statements that do not carry them (null: required from the statement). */
    public record Defaults(String tenant, String region, EntryKind kind) {
        public static final Defaults NONE = new Defaults(null, null, null);
    }

    private final List<PublicKey> trustedKeys;
    private final Signer signer;
    private final Defaults defaults;
    /** Verifies Sigstore bundles before they are accepted; null: Sigstore bundles are refused. */
    private final SigstoreBundleVerifier sigstore;

    /**
     * @param trustedKeys keys whose DSSE envelopes are accepted (the signer's own public key is added)
     * @param signer signs unsigned statements; null if none was given (unsigned statements are then refused)
     */
    public ManifestIngest(List<PublicKey> trustedKeys, Signer signer, Defaults defaults) {
        List<PublicKey> keys = new ArrayList<>(trustedKeys);
        if (signer != null) {
            keys.add(signer.publicKey());
        }
        this.trustedKeys = List.copyOf(keys);
        this.signer = signer;
        this.defaults = defaults;
        this.sigstore = null;
    }

    private ManifestIngest(ManifestIngest base, SigstoreBundleVerifier sigstore) {
        this.trustedKeys = base.trustedKeys;
        this.signer = base.signer;
        this.defaults = base.defaults;
        this.sigstore = sigstore;
    }

    /**
     * The same ingest accepting Sigstore bundles that verify offline against this trusted root (certificate bundles
     * through sigstore-java; public-key bundles with the trusted manifest keys). Nothing is fetched.
     */
    public ManifestIngest withSigstore(Path trustedRoot) throws IngestException {
        try {
            return new ManifestIngest(this, SigstoreBundleVerifier.fromTrustedRoot(trustedRoot).withPublicKeys(trustedKeys));
        } catch (SigstoreException e) {
            throw new IngestException("--trusted-root " + e.getMessage(), e);
        }
    }

    /** The public keys whose DSSE envelopes are accepted (the signer's included). */
    public List<PublicKey> trustedKeys() {
        return trustedKeys;
    }

    public IngestedManifest read(Path file) throws IOException, IngestException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /** As {@link #read(Path)}, for bytes already in memory; {@code source} names them in messages. */
    public IngestedManifest read(byte[] bytes, String source) throws IngestException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IngestException(source + ": malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IngestException(source + ": expected a JSON object (DSSE envelope, Sigstore bundle or in-toto Statement)");
        }
        try {
            if (root.path("mediaType").asText("").startsWith(SIGSTORE_MEDIA_TYPE)) {
                return fromSigstoreBundle(root, bytes, source);
            }
            if (root.has("payloadType")) {
                return fromEnvelope(Envelope.parse(bytes, source), source);
            }
            if (root.has("_type")) {
                return fromStatement(bytes, source);
            }
        } catch (DsseException | KeyException e) {
            throw new IngestException(e.getMessage(), e);
        }
        throw new IngestException(source + ": expected a DSSE envelope (payloadType), a Sigstore bundle (mediaType "
                + SIGSTORE_MEDIA_TYPE + "...) or an in-toto Statement (_type)");
    }

    private IngestedManifest fromStatement(byte[] bytes, String source) throws DsseException, IngestException, KeyException {
        if (signer == null) {
            throw new IngestException(source + ": an unsigned statement needs a signing key (--key) to sign it");
        }
        Statement.parse(bytes, source);
        byte[] canonical = CanonicalJson.canonicalize(bytes);
        Envelope envelope = DsseSigner.sign(canonical, Envelope.IN_TOTO_PAYLOAD_TYPE, signer);
        // Signed just now with our own key: no need to verify it again.
        EntrySignature sig = new EntrySignature(signer.algorithm().id(), signer.keyId(),
                Base64.getEncoder().encodeToString(envelope.signatures().get(0).sig()));
        return manifest(source, canonical, Statement.fromEnvelope(envelope, source), envelope.toJson(), sig, null,
                signer.publicKey());
    }

    private IngestedManifest fromEnvelope(Envelope envelope, String source) throws DsseException, IngestException, KeyException {
        Statement statement = Statement.fromEnvelope(envelope, source);
        if (trustedKeys.isEmpty()) {
            throw new IngestException(source + ": a DSSE envelope is accepted only if it verifies with a trusted key "
                    + "(--manifest-key PEM, or --key)");
        }
        DsseVerifier.Verified verified = DsseVerifier.verify(envelope, trustedKeys).get(0);
        Envelope.Signature used = null;
        for (Envelope.Signature s : envelope.signatures()) {
            if (SignatureVerifier.verify(verified.key(), envelope.pae(), s.sig())) {
                used = s;
                break;
            }
        }
        if (used == null) {
            throw new IngestException(source + ": /signatures: no signature verifies with key " + verified.keyId());
        }
        EntrySignature sig = new EntrySignature(PublicKeys.algorithm(verified.key()).id(), verified.keyId(),
                Base64.getEncoder().encodeToString(used.sig()));
        return manifest(source, envelope.payload(), statement, envelope.toJson(), sig, null, verified.key());
    }

    private IngestedManifest fromSigstoreBundle(JsonNode root, byte[] bytes, String source) throws DsseException, IngestException {
        JsonNode env = root.path("dsseEnvelope");
        if (!env.isObject()) {
            throw new IngestException(source + ": /dsseEnvelope: expected a DSSE envelope carrying an in-toto Statement "
                    + "(a message-signature bundle does not contain its manifest)");
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(JSON.writeValueAsBytes(env), source + " /dsseEnvelope");
        } catch (IOException e) {
            throw new IngestException(source + ": /dsseEnvelope: " + e.getMessage());
        }
        Statement statement = Statement.fromEnvelope(envelope, source + " /dsseEnvelope");
        // Published bytes are public evidence: a bundle that does not verify must never reach the index.
        if (sigstore == null) {
            throw new IngestException(source + ": a Sigstore bundle is accepted only if it verifies offline against a"
                    + " Sigstore trusted root (--trusted-root)");
        }
        try {
            sigstore.verifyDsse(bytes, source);
        } catch (SigstoreException e) {
            throw new IngestException(e.getMessage(), e);
        }
        JsonNode tlog = root.at("/verificationMaterial/tlogEntries/0");
        RekorRef rekor = null;
        if (!tlog.isMissingNode()) {
            JsonNode logIndex = tlog.path("logIndex");
            long index;
            try {
                index = Long.parseLong(logIndex.asText(""));
            } catch (NumberFormatException e) {
                throw new IngestException(source + ": /verificationMaterial/tlogEntries/0/logIndex: expected an integer");
            }
            byte[] body;
            try {
                body = Base64.getDecoder().decode(tlog.path("canonicalizedBody").asText(""));
            } catch (IllegalArgumentException e) {
                throw new IngestException(source + ": /verificationMaterial/tlogEntries/0/canonicalizedBody: expected base64");
            }
            if (body.length == 0) {
                throw new IngestException(source + ": /verificationMaterial/tlogEntries/0/canonicalizedBody: missing");
            }
            // Rekor's entry uuid is the RFC 6962 leaf hash of the canonicalized body.
            rekor = new RekorRef(index, HexFormat.of().formatHex(MerkleHash.leaf(body)));
        }
        return manifest(source, envelope.payload(), statement, bytes, null, rekor, null);
    }

    private IngestedManifest manifest(String source, byte[] statementBytes, Statement statement, byte[] signatureFile,
            EntrySignature sig, RekorRef rekor, PublicKey signerKey) throws IngestException {
        JsonNode predicate = statement.predicate();
        String tenant = field(predicate, "tenant", defaults.tenant(), source);
        String region = field(predicate, "region", defaults.region(), source);
        EntryKind kind = switch (statement.predicateType()) {
            case EXPORT_PREDICATE -> EntryKind.EXPORT;
            case ROLLOUT_EVIDENCE_PREDICATE -> EntryKind.ROLLOUT_EVIDENCE;
            default -> {
                if (defaults.kind() == null) {
                    throw new IngestException(source + ": /predicateType: expected " + EXPORT_PREDICATE + " or "
                            + ROLLOUT_EVIDENCE_PREDICATE + " (or give --kind), got \"" + statement.predicateType() + "\"");
                }
                yield defaults.kind();
            }
        };
        String sha = HexFormat.of().formatHex(MerkleHash.sha256().digest(statementBytes));
        IngestedManifest m = new IngestedManifest(source, sha, statementBytes, signatureFile, sig, rekor, tenant, region, kind,
                signerKey);
        try {
            m.toEntry(0, java.time.Instant.EPOCH, Entry.NO_PREV);
        } catch (EntryException e) {
            throw new IngestException(source + ": cannot make an index entry from it: " + e.pointer() + ": "
                    + e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
        }
        return m;
    }

    private static String field(JsonNode predicate, String name, String fallback, String source) throws IngestException {
        JsonNode n = predicate == null ? null : predicate.get(name);
        if (n != null && n.isTextual()) {
            return n.textValue();
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IngestException(source + ": /predicate/" + name + ": expected a string (or give --" + name + ")");
    }
}
