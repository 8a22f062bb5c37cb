package dev.stagelight.verifier.dsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.keys.PublicKeys;
import dev.stagelight.verifier.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void paeMatchesTheDsseSpecExample() {
        byte[] pae = Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(pae, StandardCharsets.UTF_8));
        assertEquals("DSSEv1 0  0 ", new String(Pae.encode("", new byte[0]), StandardCharsets.UTF_8));
        // Lengths count bytes, not characters.
        assertEquals("DSSEv1 2 \u00e9 2 \u00e9", new String(Pae.encode("\u00e9", "\u00e9".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    /** A real envelope signed by Sigstore (Fulcio certificate key) verifies; the bad-signature variant does not. */
    @Test
    void sigstoreDsseEnvelopeVerifiesWithItsCertificateKey() throws Exception {
        JsonNode bundle = JSON.readTree(Files.readAllBytes(TestData.path("sigstore-java/bundles/bundle.dsse.sigstore")));
        PublicKey certKey = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                Base64.getDecoder().decode(bundle.at("/verificationMaterial/certificate/rawBytes").asText()))).getPublicKey();
        Envelope env = Envelope.parse(JSON.writeValueAsBytes(bundle.get("dsseEnvelope")), "bundle.dsse.sigstore");
        assertEquals(Envelope.IN_TOTO_PAYLOAD_TYPE, env.payloadType());
        assertEquals(1, DsseVerifier.verify(env, List.of(certKey)).size());
        Statement st = Statement.fromEnvelope(env, "bundle.dsse.sigstore");
        assertEquals("https://slsa.dev/provenance/v1", st.predicateType());
        assertEquals("a.txt", st.subject().get(0).name());
        assertEquals("a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf", st.subject().get(0).sha256());

        JsonNode bad = JSON.readTree(Files.readAllBytes(TestData.path("sigstore-java/bundles/bundle.dsse.bad-signature.sigstore")));
        Envelope badEnv = Envelope.parse(JSON.writeValueAsBytes(bad.get("dsseEnvelope")), "bad");
        assertMessage("no signature verifies with a trusted key", () -> DsseVerifier.verify(badEnv, List.of(certKey)));
    }

    @Test
    void signVerifyRoundTripAndTamper() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Statement st = new Statement(List.of(new Statement.Subject("export/a.csv", "ab".repeat(32))),
                "https://stagelight.dev/export-manifest/v1", JSON.readTree("{\"export_id\":\"e1\"}"));
        byte[] payload = st.toJson();
        Envelope env = new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, payload, List.of(
                new Envelope.Signature(PublicKeys.keyId(ec.getPublic()), sign(ec, "SHA256withECDSA", payload)),
                new Envelope.Signature("", sign(ed, "Ed25519", payload))));
        Envelope back = Envelope.parse(env.toJson(), "m.json");
        assertEquals(env, back);
        assertEquals(st, Statement.fromEnvelope(back, "m.json"));
        assertArrayEquals(env.toJson(), back.toJson());

        List<DsseVerifier.Verified> both = DsseVerifier.verify(back, List.of(ec.getPublic(), ed.getPublic()));
        assertEquals(List.of(PublicKeys.keyId(ec.getPublic()), PublicKeys.keyId(ed.getPublic())),
                both.stream().map(DsseVerifier.Verified::keyId).toList());
        assertEquals(1, DsseVerifier.verify(back, List.of(ed.getPublic())).size(), "signatures by unknown keys are ignored");

        Envelope typeSwapped = new Envelope("text/plain", payload, env.signatures());
        assertMessage("/signatures/0: bad signature from trusted key", () -> DsseVerifier.verify(typeSwapped, List.of(ec.getPublic())));
        assertMessage("no signature verifies", () -> DsseVerifier.verify(typeSwapped, List.of(ed.getPublic())));
        assertMessage("/payloadType: expected \"application/vnd.in-toto+json\"", () -> Statement.fromEnvelope(typeSwapped, "m.json"));
    }

    private static byte[] sign(KeyPair kp, String alg, byte[] payload) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(kp.getPrivate());
        s.update(Pae.encode(Envelope.IN_TOTO_PAYLOAD_TYPE, payload));
        return s.sign();
    }

    @Test
    void badEnvelopesNameSourceAndField() {
        assertMessage("e.json: malformed JSON at line 1", () -> Envelope.parse(b("{\"payload\":"), "e.json"));
        assertMessage("e.json: /: expected a JSON object, got array", () -> Envelope.parse(b("[]"), "e.json"));
        assertMessage("e.json: /payloadType: expected a string, got nothing", () -> Envelope.parse(b("{\"payload\":\"\"}"), "e.json"));
        assertMessage("e.json: /payload: invalid base64", () -> Envelope.parse(b("{\"payloadType\":\"t\",\"payload\":\"%%\"}"), "e.json"));
        assertMessage("e.json: /signatures: expected at least one", () -> Envelope.parse(b("{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[]}"), "e.json"));
        assertMessage("e.json: /signatures/0/sig: expected a string, got number",
                () -> Envelope.parse(b("{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"sig\":1}]}"), "e.json"));
        assertMessage("Duplicate field", () -> Envelope.parse(b("{\"payloadType\":\"t\",\"payloadType\":\"u\"}"), "e.json"));
    }

    @Test
    void badStatementsNameSourceAndField() {
        String sub = "\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"" + "ab".repeat(32) + "\"}}]";
        assertMessage("s.json: /_type: expected \"https://in-toto.io/Statement/v1\"",
                () -> Statement.parse(b("{\"_type\":\"https://in-toto.io/Statement/v0.1\"," + sub + ",\"predicateType\":\"p\"}"), "s.json"));
        assertMessage("s.json: /subject/0/digest/sha256: expected 64 lowercase hex",
                () -> Statement.parse(b("{\"_type\":\"" + Statement.TYPE + "\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"AB\"}}],\"predicateType\":\"p\"}"), "s.json"));
        assertMessage("s.json: /subject: expected at least one",
                () -> Statement.parse(b("{\"_type\":\"" + Statement.TYPE + "\",\"subject\":[],\"predicateType\":\"p\"}"), "s.json"));
        assertMessage("s.json: /predicateType: expected a string",
                () -> Statement.parse(b("{\"_type\":\"" + Statement.TYPE + "\"," + sub + "}"), "s.json"));
        assertMessage("s.json: /predicate: expected a JSON object",
                () -> Statement.parse(b("{\"_type\":\"" + Statement.TYPE + "\"," + sub + ",\"predicateType\":\"p\",\"predicate\":[]}"), "s.json"));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        dev.stagelight.verifier.testing.Expect.failure(DsseException.class, expected, action);
    }
}
