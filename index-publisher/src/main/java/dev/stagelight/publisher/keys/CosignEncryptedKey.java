package dev.stagelight.publisher.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.keys.KeyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * cosign's encrypted private key ({@code ENCRYPTED SIGSTORE PRIVATE KEY}, formerly {@code ENCRYPTED COSIGN PRIVATE KEY}):
 * the PEM body is JSON {@code {kdf: {name: scrypt, params: {N, r, p}, salt}, cipher: {name: nacl/secretbox, nonce},
 * ciphertext}}. The key is scrypt(password, salt, N, r, p, 32); the ciphertext is NaCl secretbox
 * (XSalsa20-Poly1305: 16-byte Poly1305 tag, then the XSalsa20-encrypted message); the plaintext is a PKCS#8 DER key.
 */
final class CosignEncryptedKey {
    private static final int KEY_SIZE = 32;
    private static final int NONCE_SIZE = 24;
    private static final int TAG_SIZE = 16;
    /** Bounds scrypt work so a hostile key file cannot exhaust memory (cosign writes N = 32768, r = 8, p = 1). */
    private static final long MAX_SCRYPT_MEMORY = 1L << 30;

    private CosignEncryptedKey() {}

    /** Decrypts the PEM body; returns the PKCS#8 DER private key. */
    static byte[] decrypt(byte[] jsonBody, char[] password, String source) throws KeyException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(jsonBody);
        } catch (IOException e) {
            throw new KeyException(source + ": encrypted key body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new KeyException(source + ": encrypted key body: expected a JSON object");
        }
        requireText(root, "/kdf/name", "scrypt", source);
        requireText(root, "/cipher/name", "nacl/secretbox", source);
        int n = intField(root, "/kdf/params/N", source);
        int r = intField(root, "/kdf/params/r", source);
        int p = intField(root, "/kdf/params/p", source);
        if (n < 2 || (n & (n - 1)) != 0 || 128L * r * n > MAX_SCRYPT_MEMORY || p > 16) {
            throw new KeyException(source + ": /kdf/params: unreasonable scrypt parameters N=" + n + " r=" + r + " p=" + p);
        }
        byte[] salt = base64(root, "/kdf/salt", source);
        byte[] nonce = base64(root, "/cipher/nonce", source);
        if (nonce.length != NONCE_SIZE) {
            throw new KeyException(source + ": /cipher/nonce: expected 24 bytes, got " + nonce.length);
        }
        byte[] box = base64(root, "/ciphertext", source);
        if (box.length < TAG_SIZE) {
            throw new KeyException(source + ": /ciphertext: shorter than the 16-byte authentication tag");
        }
        byte[] pw = utf8(password);
        byte[] key = SCrypt.generate(pw, salt, n, r, p, KEY_SIZE);
        Arrays.fill(pw, (byte) 0);
        try {
            return secretboxOpen(box, nonce, key, source);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** NaCl crypto_secretbox_open: the first 32 keystream bytes are the one-time Poly1305 key. */
    static byte[] secretboxOpen(byte[] box, byte[] nonce, byte[] key, String source) throws KeyException {
        XSalsa20Engine xsalsa = new XSalsa20Engine();
        xsalsa.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        xsalsa.processBytes(new byte[32], 0, 32, polyKey, 0);

        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(box, TAG_SIZE, box.length - TAG_SIZE);
        byte[] tag = new byte[TAG_SIZE];
        mac.doFinal(tag, 0);
        Arrays.fill(polyKey, (byte) 0);
        if (!MessageDigest.isEqual(tag, Arrays.copyOf(box, TAG_SIZE))) {
            throw new KeyException(source + ": wrong password, or the encrypted key is corrupted (authentication failed)");
        }
        byte[] plain = new byte[box.length - TAG_SIZE];
        xsalsa.processBytes(box, TAG_SIZE, plain.length, plain, 0);
        return plain;
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    private static void requireText(JsonNode root, String pointer, String expected, String source) throws KeyException {
        JsonNode n = root.at(pointer);
        if (!n.isTextual() || !n.textValue().equals(expected)) {
            throw new KeyException(source + ": " + pointer + ": expected \"" + expected + "\", got " + (n.isMissingNode() ? "nothing" : n.toString()));
        }
    }

    private static int intField(JsonNode root, String pointer, String source) throws KeyException {
        JsonNode n = root.at(pointer);
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
            throw new KeyException(source + ": " + pointer + ": expected a positive integer, got " + (n.isMissingNode() ? "nothing" : n.toString()));
        }
        return n.intValue();
    }

    private static byte[] base64(JsonNode root, String pointer, String source) throws KeyException {
        JsonNode n = root.at(pointer);
        if (!n.isTextual()) {
            throw new KeyException(source + ": " + pointer + ": expected a base64 string");
        }
        try {
            return Base64.getDecoder().decode(n.textValue());
        } catch (IllegalArgumentException e) {
            throw new KeyException(source + ": " + pointer + ": invalid base64: " + e.getMessage());
        }
    }
}
