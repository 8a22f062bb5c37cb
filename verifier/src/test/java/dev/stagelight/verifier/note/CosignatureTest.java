package dev.stagelight.verifier.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * C2SP tlog-cosignature {@code cosignature/v1}. The known answer below was made outside this code base, with Python's
 * {@code cryptography} 48 following the spec text: seed 0x00..0x1f, name {@code witness.example.com/w1}, key hash
 * SHA-256(name || 0x0A || 0x04 || pk)[:4], signature over {@code "cosignature/v1\ntime 1679315147\n"} and the spec's
 * example checkpoint body, line value key hash || u64be(time) || Ed25519 signature.
 */
class CosignatureTest {
    /** The checkpoint body and time of the example in tlog-cosignature.md. */
    static final String BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    static final long TIME = 1679315147L;
    static final String SKEY = "PRIVATE+KEY+witness.example.com/w1+1c55deb1+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
    static final String VKEY = "witness.example.com/w1+a0059f11+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
    static final String LINE = "\u2014 witness.example.com/w1 oAWfEQAAAABkGFDLBuRDazBLVac2NE+Y+IjbjQOcXLfF9CSDZVUIoS83rE1nF"
            + "ZsVE8YiWV6Ngr7lV8H6bdoBQGP/l73euDMQ9k+bBQ==";

    private static NoteSignature line(String line) throws NoteException {
        return SignedNote.parse((BODY + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8)).signatures().get(0);
    }

    @Test
    void cosignerReproducesTheIndependentlyMadeLineByteForByte() throws Exception {
        WitnessCosigner w = new WitnessCosigner(NoteSignerKey.parse(SKEY));
        assertEquals(VKEY, w.verifierKey().encode());
        assertEquals(LINE, w.cosign(BODY, TIME).toNoteSignature().line());
        assertEquals("cosignature/v1\ntime 1679315147\n" + BODY,
                new String(Cosignature.signedMessage(TIME, BODY), StandardCharsets.UTF_8));
    }

    @Test
    void theKnownLineVerifiesWithTheVkeyAndYieldsItsTime() throws Exception {
        CosignerKey key = CosignerKey.parse(VKEY);
        assertEquals(0xa0059f11, key.keyHash());
        Cosignature c = key.verify(BODY, line(LINE));
        assertEquals(TIME, c.timestamp());
        assertEquals("witness.example.com/w1", c.name());
    }

    /** transparency-dev/formats note_cosigv1_test.go: a native type-0x04 vkey of a running witness. */
    @Test
    void aPublicWitnessVkeyParsesWithItsPublishedKeyHash() throws Exception {
        CosignerKey remora = CosignerKey.parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
        assertEquals("remora.n621.de+da77ade7", remora.keyId());
        assertEquals("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", remora.encode());
        NoteException wrongHash = assertThrows(NoteException.class,
                () -> CosignerKey.parse("remora.n621.de+da77ade8+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"));
        assertTrue(wrongHash.getMessage().contains("does not match the key (computed da77ade7)"), wrongHash::getMessage);
    }

    /** The timestamps of two published cosignatures: the spec's example line and transparency-dev/formats' test. */
    @Test
    void publishedCosignatureLinesDecodeToTheirTimes() throws Exception {
        NoteSignature spec = line("\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWX"
                + "EhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==");
        assertEquals(0x8d66cf3f, spec.keyHash());
        assertEquals(TIME, Cosignature.of(spec).timestamp());
        NoteSignature formats = line("\u2014 x ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gx"
                + "EHWWOworDcFiEBYJXORmnFBOBA==");
        assertEquals(1727964367L, Cosignature.of(formats).timestamp());
        NoteSignature plain = line("\u2014 x eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXp"
                + "Ws1hPb/W/4xkNQY=");
        NoteException e = assertThrows(NoteException.class, () -> Cosignature.of(plain));
        assertTrue(e.getMessage().contains("expected 72 bytes"), e::getMessage);
    }

    @Test
    void aCosignatureOverAnotherBodyOrTimeDoesNotVerify() throws Exception {
        CosignerKey key = CosignerKey.parse(VKEY);
        NoteSignature good = line(LINE);
        assertThrows(NoteException.class, () -> key.verify(BODY.replace("20852163", "20852164"), good));
        assertThrows(NoteException.class, () -> key.verify(BODY + "ext line\n", good));
        byte[] raw = good.signature();
        ByteBuffer.wrap(raw).putLong(TIME + 1);
        NoteException moved = assertThrows(NoteException.class,
                () -> key.verify(BODY, new NoteSignature(good.name(), good.keyHash(), raw)));
        assertTrue(moved.getMessage().contains("does not verify"), moved::getMessage);
    }

    @Test
    void theTimestampMustFitInSixtyThreeBits() throws Exception {
        NoteSignature good = line(LINE);
        byte[] raw = good.signature();
        raw[0] = (byte) 0x80;
        NoteException e = assertThrows(NoteException.class,
                () -> Cosignature.of(new NoteSignature(good.name(), good.keyHash(), raw)));
        assertTrue(e.getMessage().contains("2^63 - 1"), e::getMessage);
    }

    /** Types 0x01 and 0x04 of one key have different key hashes: neither signature passes for the other. */
    @Test
    void logSignaturesAndCosignaturesOfOneKeyAreNeverConfused() throws Exception {
        NoteSignerKey k = NoteSignerKey.parse(SKEY);
        WitnessCosigner w = new WitnessCosigner(k);
        assertNotEquals(k.verifierKey().keyHash(), w.verifierKey().keyHash());
        assertThrows(NoteException.class, () -> CosignerKey.parse(k.verifierKey().encode()));
        assertThrows(NoteException.class, () -> NoteVerifierKey.parse(w.verifierKey().encode()));

        SignedNote cosigned = w.cosign(NoteSigner.signNote(BODY, k),
                Clock.fixed(Instant.ofEpochSecond(TIME), ZoneOffset.UTC));
        assertEquals(2, cosigned.signatures().size());
        assertEquals(LINE, cosigned.signatures().get(1).line());
        // The log key still verifies its own line and ignores the cosignature.
        assertEquals(List.of(cosigned.signatures().get(0)), cosigned.verify(List.of(k.verifierKey())));
        NoteException logLine = assertThrows(NoteException.class,
                () -> w.verifierKey().verify(BODY, cosigned.signatures().get(0)));
        assertTrue(logLine.getMessage().contains("is not by witness key"), logLine::getMessage);
        SignedNote reparsed = SignedNote.parse(cosigned.encode());
        assertArrayEquals(cosigned.encode(), reparsed.encode());
    }

    @Test
    void onlyCheckpointsAreCosigned() throws Exception {
        WitnessCosigner w = new WitnessCosigner(NoteSignerKey.parse(SKEY));
        assertThrows(NoteException.class, () -> w.cosign("just a note\n", TIME));
        assertThrows(NoteException.class, () -> w.cosign(BODY, -1));
    }

    @Test
    void malformedWitnessKeysAreRefusedNamingTheProblem() {
        assertTrue(assertThrows(NoteException.class, () -> CosignerKey.parse("a+b")).getMessage()
                .contains("3 fields"));
        assertTrue(assertThrows(NoteException.class,
                () -> CosignerKey.parse("rekor.sigstore.dev+12345678+AwEB")).getMessage().contains("type 0x04"));
        assertTrue(assertThrows(NoteException.class,
                () -> CosignerKey.parse("w+1234567+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4")).getMessage()
                .contains("8 lowercase hex"));
    }
}
