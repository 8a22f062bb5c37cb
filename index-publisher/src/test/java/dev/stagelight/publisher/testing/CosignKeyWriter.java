package dev.stagelight.publisher.testing;

import dev.stagelight.verifier.keys.Pem;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Writes a private key the way {@code cosign generate-key-pair} does ({@code ENCRYPTED SIGSTORE PRIVATE KEY}:
 * scrypt N=32768 r=8 p=1, NaCl secretbox), for key types the shared cosign test keys (P-256) do not cover. The
 * publisher's reader is checked against those real cosign keys; this only seals what it opens.
 */
public final class CosignKeyWriter {
    private CosignKeyWriter() {}

    /** The PEM text of {@code pkcs8} sealed with {@code password}. */
    public static String encrypt(byte[] pkcs8, String password) {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[32];
        byte[] nonce = new byte[24];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, 32768, 8, 1, 32);

        // crypto_secretbox: the first 32 keystream bytes key Poly1305; the rest encrypt; the box is tag || ciphertext.
        XSalsa20Engine xsalsa = new XSalsa20Engine();
        xsalsa.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        xsalsa.processBytes(new byte[32], 0, 32, polyKey, 0);
        byte[] box = new byte[16 + pkcs8.length];
        xsalsa.processBytes(pkcs8, 0, pkcs8.length, box, 16);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(box, 16, pkcs8.length);
        mac.doFinal(box, 0);

        Base64.Encoder b64 = Base64.getEncoder();
        String json = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},\"salt\":\""
                + b64.encodeToString(salt) + "\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\""
                + b64.encodeToString(nonce) + "\"},\"ciphertext\":\"" + b64.encodeToString(box) + "\"}";
        return Pem.encode("ENCRYPTED SIGSTORE PRIVATE KEY", json.getBytes(StandardCharsets.UTF_8));
    }
}
