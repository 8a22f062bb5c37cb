package dev.stagelight.publisher.keys;

import dev.stagelight.verifier.io.AtomicFiles;
import dev.stagelight.verifier.keys.KeyException;
import dev.stagelight.verifier.keys.Pem;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.note.NoteException;
import dev.stagelight.verifier.note.NoteSignerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Reads signing keys from files. Accepted formats:
 * <ul>
 *   <li>PKCS#8 PEM ({@code PRIVATE KEY}) holding an Ed25519 or ECDSA P-256 key, as {@code openssl genpkey} writes;</li>
 *   <li>SEC1 PEM ({@code EC PRIVATE KEY}) holding a P-256 key, as {@code openssl ecparam -genkey} writes;</li>
 *   <li>cosign's encrypted keys ({@code ENCRYPTED SIGSTORE PRIVATE KEY}, legacy {@code ENCRYPTED COSIGN PRIVATE KEY});</li>
 *   <li>Go's note signer key {@code PRIVATE+KEY+name+hash+base64} (Ed25519).</li>
 * </ul>
 * Every error names the file.
 */
public final class SigningKeys {
    private static final String NOTE_KEY_PREFIX = "PRIVATE+KEY+";

    private SigningKeys() {}

    /** Loads a signer from any accepted format; {@code passwords} is consulted only for encrypted keys. */
    public static Signer load(Path file, PasswordSource passwords) throws KeyException {
        String text = read(file);
        String source = file.toString();
        if (text.strip().startsWith(NOTE_KEY_PREFIX)) {
            return ed25519Signer(noteKey(text, source).seed(), source);
        }
        return fromPrivateKeyDer(privateKeyDer(text, passwords, source), source);
    }

    /**
     * Loads the Ed25519 key that signs checkpoints. A Go note key file carries its own name (which must then equal
     * {@code name} unless {@code name} is null); an Ed25519 PKCS#8 key gets {@code name}, the log's origin.
     */
    public static NoteSignerKey loadNoteKey(Path file, PasswordSource passwords, String name) throws KeyException {
        String text = read(file);
        String source = file.toString();
        try {
            if (text.strip().startsWith(NOTE_KEY_PREFIX)) {
                NoteSignerKey k = noteKey(text, source).key();
                if (name != null && !k.name().equals(name)) {
                    throw new KeyException(source + ": note key is named \"" + k.name() + "\", but the log needs \"" + name + "\"");
                }
                return k;
            }
            if (name == null) {
                throw new KeyException(source + ": a PKCS#8 key carries no note key name; give the log origin as the name");
            }
            PrivateKey pk = parsePkcs8(privateKeyDer(text, passwords, source), source);
            if (!(pk instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
                throw new KeyException(source + ": checkpoints are signed with Ed25519 (C2SP signed-note); this is a "
                        + pk.getAlgorithm() + " key");
            }
            return NoteSignerKey.fromSeed(name, ed.getBytes().get());
        } catch (NoteException e) {
            throw new KeyException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a new Ed25519 key and writes it as PKCS#8 PEM (mode 0600 where the file system has modes). Refuses to
     * replace an existing key file.
     */
    public static Signer generateEd25519(Path file) throws KeyException {
        if (Files.exists(file)) {
            throw new KeyException(file + ": a key file already exists; refusing to overwrite it");
        }
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] pem = Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII);
            AtomicFiles.createSecret(file, pem);
            return new JcaSigner(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot generate an Ed25519 key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KeyException(file + ": cannot write the key: " + e.getMessage(), e);
        }
    }

    private record NoteKeyFile(NoteSignerKey key, byte[] seed) {}

    private static NoteKeyFile noteKey(String text, String source) throws KeyException {
        try {
            NoteSignerKey k = NoteSignerKey.parse(text.strip());
            return new NoteKeyFile(k, k.seed());
        } catch (NoteException e) {
            throw new KeyException(source + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws KeyException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyException(file + ": cannot read the key file: " + e.getMessage(), e);
        }
    }

    /** The PKCS#8 DER inside the PEM, decrypting cosign keys and converting SEC1 EC keys. */
    private static byte[] privateKeyDer(String text, PasswordSource passwords, String source) throws KeyException {
        Pem.Block block = Pem.parseOne(text, source, "PRIVATE KEY", "EC PRIVATE KEY",
                "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY");
        switch (block.label()) {
            case "PRIVATE KEY":
                return block.der();
            case "EC PRIVATE KEY":
                return sec1ToPkcs8(block.der(), source);
            default:
                char[] pw = passwords.password();
                try {
                    return CosignEncryptedKey.decrypt(block.der(), pw, source + " (" + passwords.describe() + ")");
                } finally {
                    Arrays.fill(pw, '\0');
                }
        }
    }

    private static byte[] sec1ToPkcs8(byte[] sec1, String source) throws KeyException {
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Sequence.getInstance(sec1));
            if (ec.getParametersObject() != null && !SECObjectIdentifiers.secp256r1.equals(ec.getParametersObject())) {
                throw new KeyException(source + ": EC private key is not on curve P-256 (secp256r1)");
            }
            AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1);
            return new PrivateKeyInfo(alg, ec).getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new KeyException(source + ": malformed EC PRIVATE KEY: " + e.getMessage(), e);
        }
    }

    private static PrivateKey parsePkcs8(byte[] der, String source) throws KeyException {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new KeyException(source + ": not a PKCS#8 private key: " + e.getMessage(), e);
        }
        if (info == null) {
            throw new KeyException(source + ": empty private key");
        }
        AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
        String jca;
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())) {
            if (!SECObjectIdentifiers.secp256r1.equals(alg.getParameters())) {
                throw new KeyException(source + ": EC private key is not on curve P-256 (secp256r1)");
            }
            jca = "EC";
        } else if (org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519.equals(alg.getAlgorithm())) {
            jca = "Ed25519";
        } else {
            throw new KeyException(source + ": unsupported private key algorithm " + alg.getAlgorithm() + " (expected ECDSA P-256 or Ed25519)");
        }
        try {
            return KeyFactory.getInstance(jca).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyException(source + ": invalid " + jca + " private key: " + e.getMessage(), e);
        }
    }

    private static Signer fromPrivateKeyDer(byte[] der, String source) throws KeyException {
        PrivateKey pk = parsePkcs8(der, source);
        if (pk instanceof EdECPrivateKey ed) {
            return ed25519Signer(ed.getBytes().orElseThrow(() -> new KeyException(source + ": Ed25519 key without its seed")), source);
        }
        return new JcaSigner(pk, ecPublicKey((ECPrivateKey) pk, source));
    }

    /** Q = d·G on P-256: the public half is not always stored beside a PKCS#8 EC key. */
    private static PublicKey ecPublicKey(ECPrivateKey pk, String source) throws KeyException {
        try {
            var curve = ECNamedCurveTable.getParameterSpec("secp256r1");
            var q = new FixedPointCombMultiplier().multiply(curve.getG(), pk.getS()).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, pk.getParams()));
        } catch (GeneralSecurityException e) {
            throw new KeyException(source + ": cannot derive the EC public key: " + e.getMessage(), e);
        }
    }

    private static Signer ed25519Signer(byte[] seed, String source) throws KeyException {
        try {
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(priv.generatePublicKey()).getEncoded();
            PublicKey pub = PublicKeys.parseSpki(spki, source);
            byte[] pkcs8 = org.bouncycastle.crypto.util.PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded();
            PrivateKey pk = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new JcaSigner(pk, pub);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyException(source + ": invalid Ed25519 key: " + e.getMessage(), e);
        }
    }
}
