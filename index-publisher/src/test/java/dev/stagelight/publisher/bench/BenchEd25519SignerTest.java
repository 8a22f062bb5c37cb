package dev.stagelight.publisher.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stagelight.publisher.keys.PasswordSource;
import dev.stagelight.publisher.keys.Signer;
import dev.stagelight.publisher.keys.SigningKeys;
import dev.stagelight.verifier.keys.KeyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's fast signer writes exactly the signatures of the product's signer, for the same key file. */
class BenchEd25519SignerTest {
    @TempDir
    Path tmp;

    @Test
    void sameKeyIdAndSameSignaturesAsTheProductSigner() throws Exception {
        Path pem = tmp.resolve("signing.key.pem");
        Signer product = SigningKeys.generateEd25519(pem);
        BenchEd25519Signer bench = BenchEd25519Signer.load(pem);
        assertEquals(product.keyId(), bench.keyId());
        assertEquals(product.publicKey(), bench.publicKey());
        for (int i = 0; i < 20; i++) {
            byte[] data = ("DSSEv1 statement " + i).repeat(i + 1).getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(product.sign(data), bench.sign(data), "message " + i);
        }
        Signer loaded = SigningKeys.load(pem, PasswordSource.none());
        assertArrayEquals(loaded.sign(new byte[0]), bench.sign(new byte[0]));
    }

    @Test
    void aFileWithoutAnEd25519KeyIsRefusedNamingIt() throws Exception {
        Path pem = tmp.resolve("not-a-key.pem");
        Files.writeString(pem, "hello\n");
        KeyException e = assertThrows(KeyException.class, () -> BenchEd25519Signer.load(pem));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(pem.toString()), e.getMessage());
    }
}
