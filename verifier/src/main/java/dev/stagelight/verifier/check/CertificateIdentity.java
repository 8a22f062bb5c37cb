package dev.stagelight.verifier.check;

import java.util.Objects;

/**
 * A signer that Sigstore certificate bundles may come from: the certificate's subject alternative name (an e-mail, or
 * a CI workflow URI) and the OIDC issuer that vouched for it. Without any, every certificate of the trusted root's
 * Fulcio is accepted, whoever it names.
 *
 * @param subject the identity, exact, or a Java regular expression matched in full when {@code pattern}
 * @param pattern whether {@code subject} is a regular expression
 * @param issuer  the exact OIDC issuer, e.g. {@code https://token.actions.githubusercontent.com}
 */
public record CertificateIdentity(String subject, boolean pattern, String issuer) {
    public CertificateIdentity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public String toString() {
        return (pattern ? "/" + subject + "/" : subject) + " from " + issuer;
    }
}
