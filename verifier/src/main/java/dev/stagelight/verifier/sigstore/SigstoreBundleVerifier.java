package dev.stagelight.verifier.sigstore;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
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
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Sigstore bundles offline against a trusted-root file (no network: no TUF refresh, no Rekor look-up).
 *
 * <p>Certificate (keyless) bundles go to sigstore-java 2.0.0's {@link KeylessVerifier}: the certificate chains to a
 * Fulcio CA of the trusted root and carries a valid SCT, the signature verifies with the certificate key, the Rekor
 * entry matches the bundle, its signed entry timestamp (Rekor v1), inclusion proof and signed checkpoint verify with
 * the trusted root's log keys, and RFC 3161 timestamps verify with its TSAs. Validity is judged at the time the log
 * integrated the entry (or the TSA time), never "now", so old bundles stay verifiable.
 *
 * <p>sigstore-java refuses bundles signed by a plain public key ("Plain public keys are not supported by this
 * client"). For those, {@link PublicKeyBundles} checks the signature with the public keys configured by
 * {@link #withPublicKeys} and hands the Rekor entry to sigstore-java's {@code RekorVerifier} for the log checks.
 */
public final class SigstoreBundleVerifier {
    private final Path trustedRootFile;
    private final SigstoreTrustedRoot trustedRoot;
    private final KeylessVerifier keyless;
    private final List<PublicKey> publicKeys;
    private final List<VerificationOptions.CertificateMatcher> identities;
    private final boolean publicKeysOnly;

    private SigstoreBundleVerifier(Path trustedRootFile, SigstoreTrustedRoot trustedRoot, KeylessVerifier keyless,
            List<PublicKey> publicKeys, List<VerificationOptions.CertificateMatcher> identities, boolean publicKeysOnly) {
        this.trustedRootFile = trustedRootFile;
        this.trustedRoot = trustedRoot;
        this.keyless = keyless;
        this.publicKeys = List.copyOf(publicKeys);
        this.identities = List.copyOf(identities);
        this.publicKeysOnly = publicKeysOnly;
    }

    /** Loads a Sigstore {@code trusted_root.json} (the file TUF distributes); nothing is fetched. */
    public static SigstoreBundleVerifier fromTrustedRoot(Path trustedRootJson) throws SigstoreException {
        TrustedRootProvider provider = TrustedRootProvider.from(trustedRootJson);
        try {
            SigstoreTrustedRoot root = provider.get();
            KeylessVerifier keyless = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
            return new SigstoreBundleVerifier(trustedRootJson, root, keyless, List.of(), List.of(), false);
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
            return new SigstoreBundleVerifier(name, root, keyless, List.of(), List.of(), false);
        } catch (SigstoreConfigurationException | GeneralSecurityException | RuntimeException e) {
            throw new SigstoreException(name + ": not a usable Sigstore trusted root: " + message(e), e);
        }
    }

    /** The same trust root, plus public keys that may sign bundles without a certificate. */
    public SigstoreBundleVerifier withPublicKeys(Collection<PublicKey> keys) {
        return new SigstoreBundleVerifier(trustedRootFile, trustedRoot, keyless, List.copyOf(keys), identities, publicKeysOnly);
    }

    /**
     * Refuses certificate bundles: the caller named the key that must have signed, so a certificate (whoever it
     * names) is not what was asked for.
     */
    public SigstoreBundleVerifier requirePublicKey() {
        return new SigstoreBundleVerifier(trustedRootFile, trustedRoot, keyless, publicKeys, identities, true);
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
        return new SigstoreBundleVerifier(trustedRootFile, trustedRoot, keyless, publicKeys, all, publicKeysOnly);
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
        if (json.hasPublicKey()) {
            if (publicKeys.isEmpty()) {
                throw new SigstoreException(source + ": the bundle is signed by a public key, not a certificate; "
                        + "configure the trusted public key(s) to verify it");
            }
            return PublicKeyBundles.verify(json, artifactDigest, trustedRoot, publicKeys);
        }
        if (publicKeysOnly) {
            throw new SigstoreException(source + ": the bundle is signed with a certificate, not a public key; verify it"
                    + " with the certificate's identity and OIDC issuer");
        }
        Bundle parsed;
        try {
            parsed = Bundle.from(new InputStreamReader(new ByteArrayInputStream(bundle), StandardCharsets.UTF_8));
        } catch (BundleParseException | RuntimeException e) {
            throw new SigstoreException(source + ": not a valid Sigstore bundle: " + message(e), e);
        }
        try {
            keyless.verify(artifactDigest, parsed, VerificationOptions.builder().addAllCertificateMatchers(identities).build());
        } catch (KeylessVerificationException e) {
            throw new SigstoreException(source + ": verification failed against " + trustedRootFile + ": " + message(e), e);
        } catch (RuntimeException e) {
            throw new SigstoreException(source + ": verification failed: " + message(e), e);
        }
        X509Certificate leaf = (X509Certificate) parsed.getCertPath().getCertificates().get(0);
        return json.describe(identity(leaf), json.isDsse() ? Optional.of(json.envelope()) : Optional.empty());
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
    private static String identity(X509Certificate leaf) {
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
