package dev.stagelight.publisher.bench;

import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.verifier.keys.KeyAlgorithm;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.Pem;
import dev.stagelight.verifier.keys.PublicKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The bench's Ed25519 signer: BouncyCastle's RFC 8032 code, about twenty times faster than JDK 17's EdDSA, which
 * made signing most of the generator's time. Ed25519 signatures are deterministic, so it writes exactly the bytes
 * the product's JDK signer would (a test checks that); the generator is then limited by the append path itself.
 */
final class BenchEd25519Signer implements Signer {
    private final byte[] seed;
    private final byte[] publicKeyBytes = new byte[Ed25519.PUBLIC_KEY_SIZE];
    private final PublicKey publicKey;
    private final String keyId;

    private BenchEd25519Signer(byte[] seed, String source) throws KeyException {
        this.seed = seed.clone();
        Ed25519.generatePublicKey(seed, 0, publicKeyBytes, 0);
        try {
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey()).getEncoded();
            this.publicKey = PublicKeys.parseSpki(spki, source);
        } catch (IOException e) {
            throw new KeyException(source + ": cannot encode the Ed25519 public key: " + e.getMessage(), e);
        }
        this.keyId = PublicKeys.keyId(publicKey);
    }

    /** Loads an Ed25519 PKCS#8 PEM key ({@code signing.key.pem} as the generator writes it). */
    static BenchEd25519Signer load(Path pemFile) throws KeyException, IOException {
        String source = pemFile.toString();
        Pem.Block block = Pem.parseOne(Files.readString(pemFile, StandardCharsets.US_ASCII), source, "PRIVATE KEY");
        try {
            var key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(block.der()));
            byte[] seed = ((EdECPrivateKey) key).getBytes()
                    .orElseThrow(() -> new KeyException(source + ": Ed25519 key without its seed"));
            return new BenchEd25519Signer(seed, source);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KeyException(source + ": not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    @Override
    public KeyAlgorithm algorithm() {
        return KeyAlgorithm.ED25519;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKeyBytes, 0, data, 0, data.length, sig, 0);
        return sig;
    }

    /** Never shows key material. */
    @Override
    public String toString() {
        return "Signer[ed25519 " + keyId + "]";
    }
}
