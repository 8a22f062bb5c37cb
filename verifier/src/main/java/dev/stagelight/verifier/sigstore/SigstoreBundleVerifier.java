package dev.stagelight.verifier.sigstore;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.strings.RegexSyntaxException;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.stagelight.verifier.dsse.DsseException;
import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Statement;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Sigstore bundles offline against a trusted-root file (or the public-good root fetched with TUF).
 *
 * <p>Which path a bundle takes:
 * <ul>
 *   <li>Certificate bundles with a hashedrekord or dsse entry (Rekor v1 or v2): sigstore-java 2.0.0's
 *       {@link KeylessVerifier} (certificate chain to Fulcio and SCT, identity, signature, entry against the bundle,
 *       SET, inclusion proof, checkpoint, RFC 3161 timestamps; a Rekor v1 checkpoint signed as {@code host:port}, which
 *       sigstore-java cannot match, is checked by our {@link RekorV1Entry}), then our {@link SigningTimes}: a claimed integrated time
 *       in the future is refused, and every verified time must lie within the certificate's validity and the log
 *       key's window, which sigstore-java does not check.</li>
 *   <li>DSSE certificate bundles whose entry is intoto (v0.0.2) or Rekor v2's hashedrekord over the PAE, which
 *       sigstore-java refuses: sigstore-java's {@code FulcioVerifier} for the certificate (chain, SCT) and the
 *       identity, then {@link OwnPath}.</li>
 *   <li>Public-key bundles, which sigstore-java refuses ("Plain public keys are not supported"): {@link OwnPath} with
 *       the keys configured by {@link #withPublicKeys}.</li>
 * </ul>
 * Every trusted-root file first passes {@link TrustedRootRules} (a validity window must have a start).
 */
public final class SigstoreBundleVerifier {
    private final Path trustedRootFile;
    private final SigstoreTrustedRoot trustedRoot;
    private final KeylessVerifier keyless;
    private final List<PublicKey> publicKeys;
    private final List<VerificationOptions.CertificateMatcher> identities;
    private final boolean publicKeysOnly;
    private final TrustedRootRules rules;
    private final Clock clock;

    private SigstoreBundleVerifier(Path trustedRootFile, SigstoreTrustedRoot trustedRoot, TrustedRootRules rules,
            KeylessVerifier keyless, List<PublicKey> publicKeys, List<VerificationOptions.CertificateMatcher> identities,
            boolean publicKeysOnly, Clock clock) {
        this.trustedRootFile = trustedRootFile;
        this.trustedRoot = trustedRoot;
        this.rules = rules;
        this.keyless = keyless;
        this.publicKeys = List.copyOf(publicKeys);
        this.identities = List.copyOf(identities);
        this.publicKeysOnly = publicKeysOnly;
        this.clock = clock;
    }

    private SigstoreBundleVerifier with(List<PublicKey> keys, List<VerificationOptions.CertificateMatcher> ids,
            boolean keysOnly, Clock c) {
        return new SigstoreBundleVerifier(trustedRootFile, trustedRoot, rules, keyless, keys, ids, keysOnly, c);
    }

    /** Loads a Sigstore {@code trusted_root.json} (the file TUF distributes); nothing is fetched. */
    public static SigstoreBundleVerifier fromTrustedRoot(Path trustedRootJson) throws SigstoreException {
        byte[] json;
        try {
            json = java.nio.file.Files.readAllBytes(trustedRootJson);
        } catch (java.io.IOException e) {
            throw new SigstoreException(trustedRootJson + ": cannot read the trusted root: " + e.getMessage(), e);
        }
        // Our rules first: sigstore-java would read a window without a start as trusted since the epoch.
        TrustedRootRules rules = TrustedRootRules.check(json, trustedRootJson.toString());
        TrustedRootProvider provider = TrustedRootProvider.from(trustedRootJson);
        try {
            SigstoreTrustedRoot root = provider.get();
            KeylessVerifier keyless = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
            return new SigstoreBundleVerifier(trustedRootJson, root, rules, keyless, List.of(), List.of(), false, Clock.systemUTC());
        } catch (SigstoreConfigurationException | GeneralSecurityException | RuntimeException e) {
            throw new SigstoreException(trustedRootJson + ": not a usable Sigstore trusted root: " + message(e), e);
        }
    }

    /**
     * The trusted root of Sigstore's public-good (or staging) instance, fetched and verified with TUF. Fails, saying
     * so, when it cannot be fetched; use {@link #fromTrustedRoot} offline.
     */
    public static SigstoreBundleVerifier fromPublicGood(boolean staging) throws SigstoreException {
        SigstoreTrustedRoot root = PublicGoodRoot.fetch(staging);
        Path name = Path.of(staging ? "<Sigstore staging trusted root>" : "<Sigstore public-good trusted root>");
        try {
            KeylessVerifier keyless = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
            return new SigstoreBundleVerifier(name, root, TrustedRootRules.of(root), keyless, List.of(), List.of(), false,
                    Clock.systemUTC());
        } catch (SigstoreConfigurationException | GeneralSecurityException | RuntimeException e) {
            throw new SigstoreException(name + ": not a usable Sigstore trusted root: " + message(e), e);
        }
    }

    /** The same trust root, plus public keys that may sign bundles without a certificate. */
    public SigstoreBundleVerifier withPublicKeys(Collection<PublicKey> keys) {
        return with(List.copyOf(keys), identities, publicKeysOnly, clock);
    }

    /** The clock that "in the future" is judged by (tests fix it). */
    public SigstoreBundleVerifier withClock(Clock c) {
        return with(publicKeys, identities, publicKeysOnly, Objects.requireNonNull(c, "clock"));
    }

    /**
     * Refuses certificate bundles: the caller named the key that must have signed, so a certificate (whoever it
     * names) is not what was asked for.
     */
    public SigstoreBundleVerifier requirePublicKey() {
        return with(publicKeys, identities, true, clock);
    }

    /**
     * Accepts certificate bundles only from this identity (more calls allow more identities; any one may sign).
     * Without any, every certificate the trusted root's Fulcio issued is accepted, whoever it names.
     *
     * @param subjectAlternativeName the exact certificate identity: an e-mail, or a workflow URI for CI signers
     * @param issuer                 the exact OIDC issuer, e.g. {@code https://token.actions.githubusercontent.com}
     */
    public SigstoreBundleVerifier withIdentity(String subjectAlternativeName, String issuer) {
        return withMatcher(StringMatcher.string(subjectAlternativeName), issuer);
    }

    /** As {@link #withIdentity}, the identity given as a regular expression (Java syntax, matched in full). */
    public SigstoreBundleVerifier withIdentityMatching(String subjectAlternativeNameRegex, String issuer) throws SigstoreException {
        try {
            return withMatcher(StringMatcher.regex(subjectAlternativeNameRegex), issuer);
        } catch (RegexSyntaxException e) {
            throw new SigstoreException("certificate identity pattern \"" + subjectAlternativeNameRegex + "\": " + e.getMessage(), e);
        }
    }

    private SigstoreBundleVerifier withMatcher(StringMatcher san, String issuer) {
        List<VerificationOptions.CertificateMatcher> all = new java.util.ArrayList<>(identities);
        all.add(VerificationOptions.CertificateMatcher.fulcio().subjectAlternativeName(san).issuer(StringMatcher.string(issuer)).build());
        return with(publicKeys, all, publicKeysOnly, clock);
    }

    /**
     * Verifies a bundle file for an artifact.
     *
     * @param artifactDigest SHA-256 of the signed artifact (message-signature bundles), or of one subject of the
     *                       in-toto statement (DSSE bundles)
     */
    public BundleVerification verify(Path bundle, byte[] artifactDigest) throws SigstoreException {
        return verify(BundleJson.readFile(bundle), bundle.toString(), artifactDigest);
    }

    /** As {@link #verify(Path, byte[])}, for bundle bytes read elsewhere (HTTP); {@code source} names them in errors. */
    public BundleVerification verify(byte[] bundle, String source, byte[] artifactDigest) throws SigstoreException {
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        if (artifactDigest.length != 32) {
            throw new IllegalArgumentException("artifactDigest must be a 32-byte SHA-256, got " + artifactDigest.length + " bytes");
        }
        BundleJson json = BundleJson.parse(bundle, source);
        Instant now = clock.instant();
        if (json.hasPublicKey()) {
            if (publicKeys.isEmpty()) {
                throw new SigstoreException(source + ": the bundle is signed by a public key, not a certificate; "
                        + "configure the trusted public key(s) to verify it");
            }
            return OwnPath.verify(json, artifactDigest, trustedRoot, rules, publicKeys, Optional.empty(), null, now);
        }
        if (publicKeysOnly) {
            throw new SigstoreException(source + ": the bundle is signed with a certificate, not a public key; verify it"
                    + " with the certificate's identity and OIDC issuer");
        }
        SigningTimes.requireATimeSource(json);
        Bundle parsed;
        try {
            parsed = Bundle.from(new InputStreamReader(new ByteArrayInputStream(bundle), StandardCharsets.UTF_8));
        } catch (BundleParseException | RuntimeException e) {
            throw new SigstoreException(source + ": not a valid Sigstore bundle: " + message(e), e);
        }
        X509Certificate leaf = (X509Certificate) parsed.getCertPath().getCertificates().get(0);
        if (json.isDsse() && !"dsse".equals(json.text(BundleJson.TLOG + "/kindVersion/kind"))) {
            // intoto entries and Rekor v2's hashedrekord-over-PAE: sigstore-java expects a dsse entry and refuses them.
            requireFulcioCertificate(parsed, leaf, source);
            return OwnPath.verify(json, artifactDigest, trustedRoot, rules, List.of(leaf.getPublicKey()), Optional.of(leaf),
                    identity(leaf), now);
        }
        try {
            keyless.verify(artifactDigest, parsed, VerificationOptions.builder().addAllCertificateMatchers(identities).build());
        } catch (KeylessVerificationException e) {
            if (e.getCause() instanceof java.security.cert.CertificateExpiredException
                    || e.getCause() instanceof java.security.cert.CertificateNotYetValidException) {
                // sigstore-java says only "NotAfter: <date>"; say what lies outside what.
                throw new SigstoreException(source + ": verification failed against " + trustedRootFile + ": an RFC 3161"
                        + " timestamp lies outside the signing certificate's validity [" + leaf.getNotBefore().toInstant() + ", "
                        + leaf.getNotAfter().toInstant() + "] (" + message(e) + ")", e);
            }
            if (!checkpointNamedOtherwise(e, json)) {
                throw new SigstoreException(source + ": verification failed against " + trustedRootFile + ": " + message(e), e);
            }
            // Everything else held (the log entry is the last thing sigstore-java checks); the checkpoint is
            // checked by the log key's hash and signature instead of its name.
            RekorV1Entry.verify(json, rules);
        } catch (RuntimeException e) {
            throw new SigstoreException(source + ": verification failed: " + message(e), e);
        }
        // What sigstore-java 2.0.0 leaves out: the integrated time against the certificate, the future, the log's window.
        byte[] signature = json.isDsse() ? json.envelope().signatures().get(0).sig() : json.base64("/messageSignature/signature");
        SigningTimes.check(json, signature, trustedRoot, rules, Optional.of(leaf), now);
        return json.describe(identity(leaf), json.isDsse() ? Optional.of(json.envelope()) : Optional.empty());
    }

    /**
     * sigstore-java 2.0.0 finds a Rekor v1 checkpoint's signature by the host of the log's base URL, so a log that
     * signs its checkpoints as {@code host:port} (as custom deployments and the conformance suite's do) never verifies
     * there. Its {@code KeylessVerifier.verify} checks the log entry last, after the certificate, the identity, the
     * signature, the entry body and the timestamps; so this failure, and only it, means all of those held.
     */
    private static boolean checkpointNamedOtherwise(KeylessVerificationException e, BundleJson json) throws SigstoreException {
        Throwable cause = e.getCause();
        return cause instanceof dev.sigstore.rekor.client.RekorVerificationException
                && String.valueOf(cause.getMessage()).startsWith("No matching checkpoint signature found for transparency log")
                && !json.rekorV2();
    }

    /** The certificate chain to the trusted root's Fulcio, its SCT, and the identity asked for; sigstore-java's checks. */
    private void requireFulcioCertificate(Bundle parsed, X509Certificate leaf, String source) throws SigstoreException {
        try {
            FulcioVerifier.newFulcioVerifier(trustedRoot).verifySigningCertificate(parsed.getCertPath());
        } catch (Exception e) {
            throw new SigstoreException(source + ": verification failed against " + trustedRootFile + ": Fulcio certificate"
                    + " was not valid: " + message(e), e);
        }
        if (identities.isEmpty()) {
            return;
        }
        for (VerificationOptions.CertificateMatcher m : identities) {
            try {
                if (m.test(leaf)) {
                    return;
                }
            } catch (VerificationOptions.UncheckedCertificateException e) {
                throw new SigstoreException(source + ": cannot read the certificate's identity: " + message(e), e);
            }
        }
        throw new SigstoreException(source + ": No provided certificate identities matched the certificate (" + identity(leaf) + ")");
    }

    /**
     * Verifies a DSSE bundle file on its own: the artifact is its in-toto statement, so the subject digest comes from
     * the payload, whose signature {@link #verify} then checks.
     */
    public BundleVerification verifyDsse(Path bundle) throws SigstoreException {
        return verifyDsse(BundleJson.readFile(bundle), bundle.toString());
    }

    /** As {@link #verifyDsse(Path)}, for bundle bytes read elsewhere; {@code source} names them in errors. */
    public BundleVerification verifyDsse(byte[] bundle, String source) throws SigstoreException {
        Envelope envelope = readEnvelope(bundle, source);
        Statement statement;
        try {
            statement = Statement.fromEnvelope(envelope, source);
        } catch (DsseException e) {
            throw new SigstoreException(e.getMessage(), e);
        }
        byte[] digest = java.util.HexFormat.of().parseHex(statement.subject().get(0).sha256());
        return verify(bundle, source, digest);
    }

    /** The DSSE envelope of a bundle, NOT verified: for callers that need its payload before or besides verifying. */
    public static Envelope readEnvelope(byte[] bundle, String source) throws SigstoreException {
        BundleJson json = BundleJson.parse(bundle, source);
        if (!json.isDsse()) {
            throw new SigstoreException(source + ": /dsseEnvelope: missing (this is a message-signature bundle; verify it with the artifact digest)");
        }
        return json.envelope();
    }

    /** The certificate's first subject alternative name (an e-mail or URI for Fulcio certificates). */
    static String identity(X509Certificate leaf) {
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(1) instanceof String s) {
                        return s;
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // Fall back to the subject name below.
        }
        return leaf.getSubjectX500Principal().getName();
    }

    /** Exception messages of sigstore-java, with their causes, without stack traces. */
    static String message(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString();
    }
}
