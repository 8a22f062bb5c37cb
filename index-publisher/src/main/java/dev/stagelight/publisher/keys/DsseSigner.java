package dev.stagelight.publisher.keys;

import dev.stagelight.verifier.dsse.Envelope;
import dev.stagelight.verifier.dsse.Pae;
import dev.stagelight.verifier.keys.KeyException;
import java.util.List;

/** Wraps a payload in a DSSE envelope signed by one key (keyid = the signer's key id). */
public final class DsseSigner {
    private DsseSigner() {}

    public static Envelope sign(byte[] payload, String payloadType, Signer signer) throws KeyException {
        byte[] sig = signer.sign(Pae.encode(payloadType, payload));
        return new Envelope(payloadType, payload, List.of(new Envelope.Signature(signer.keyId(), sig)));
    }
}
