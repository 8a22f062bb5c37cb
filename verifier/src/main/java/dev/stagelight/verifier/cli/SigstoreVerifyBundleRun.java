package dev.stagelight.verifier.cli;

import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.sigstore.BundleVerification;
import dev.stagelight.verifier.sigstore.SigstoreBundleVerifier;
import dev.stagelight.verifier.sigstore.SigstoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** The work of {@code sigstore verify-bundle}, kept apart from its options so that parsing them loads no Sigstore class. */
final class SigstoreVerifyBundleRun {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    private SigstoreVerifyBundleRun() {}

    /** The command line, checked by picocli: exactly one of {@code key} and {@code identity}+{@code issuer}. */
    record Request(boolean staging, Path bundle, Path key, String identity, String issuer, Path trustedRoot,
            String fileOrDigest) {}

    static int run(Request r, PrintWriter out, PrintWriter err, boolean debug) {
        try {
            byte[] digest = artifactDigest(r.fileOrDigest());
            if (!Files.isRegularFile(r.bundle())) {
                throw new UsageException("--bundle " + r.bundle() + ": no such file");
            }
            SigstoreBundleVerifier verifier = verifier(r);
            BundleVerification v = verifier.verify(r.bundle(), digest);
            out.println("verified: " + r.bundle() + ": signed by " + v.signer() + "; transparency log entry "
                    + v.logIndex() + (v.rekorV2() ? " (Rekor v2)" : "") + v.integratedTime().map(t -> ", integrated " + t).orElse(""));
            out.flush();
            return VerifierCli.OK;
        } catch (UsageException e) {
            return fail(err, "error: " + e.getMessage(), e, debug, VerifierCli.USAGE);
        } catch (SigstoreException e) {
            return fail(err, "does not verify: " + e.getMessage(), e, debug, VerifierCli.FAILED);
        }
    }

    private static SigstoreBundleVerifier verifier(Request r) throws UsageException, SigstoreException {
        SigstoreBundleVerifier verifier;
        if (r.trustedRoot() != null) {
            if (!Files.isRegularFile(r.trustedRoot())) {
                throw new UsageException("--trusted-root " + r.trustedRoot() + ": no such file");
            }
            verifier = SigstoreBundleVerifier.fromTrustedRoot(r.trustedRoot());
        } else {
            try {
                verifier = SigstoreBundleVerifier.fromPublicGood(r.staging());
            } catch (SigstoreException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (r.key() != null) {
            String pem = TrustOptions.readSmall(r.key(), "--key");
            try {
                return verifier.withPublicKeys(List.of(PublicKeys.parsePem(pem, r.key().toString()))).requirePublicKey();
            } catch (KeyException e) {
                throw new UsageException("--key " + e.getMessage());
            }
        }
        return verifier.withIdentity(r.identity(), r.issuer());
    }

    /**
     * The protocol's rule: {@code sha256:} and 64 hex digits, and no file of that name, is a digest; anything else is
     * the path of the artifact (for DSSE bundles, of a subject of the statement), which we hash.
     */
    static byte[] artifactDigest(String fileOrDigest) throws UsageException {
        Path file = null;
        try {
            file = Path.of(fileOrDigest);
        } catch (InvalidPathException notAPath) {
            // Then only a digest would do.
        }
        boolean exists = file != null && Files.exists(file);
        if (!exists && DIGEST.matcher(fileOrDigest).matches()) {
            return HexFormat.of().parseHex(fileOrDigest.substring("sha256:".length()).toLowerCase(java.util.Locale.ROOT));
        }
        if (!exists) {
            throw new UsageException(fileOrDigest + ": no such file (and not a sha256:<64 hex digits> digest)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return sha.digest();
        } catch (IOException e) {
            throw new UsageException(fileOrDigest + ": cannot read the artifact: " + IoMessages.describe(e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One line: the reason, never a multi-line dump (conformance runners and CI logs show the first line). */
    private static int fail(PrintWriter err, String message, Exception e, boolean debug, int code) {
        err.println(message.replaceAll("\\s*\\R\\s*", " "));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
