package dev.stagelight.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * sigstore-java 2.0.0 asks for BouncyCastle 1.82 while bcpkix wants its own version; the root POM pins the whole
 * family to one version. This proves the test class path (the one the Sigstore tests pass on) holds exactly one.
 */
class BouncyCastleAlignmentTest {
    @Test
    void oneBouncyCastleVersionForTheWholeFamily() throws Exception {
        Set<String> versions = new TreeSet<>();
        for (Class<?> c : new Class<?>[] {BouncyCastleProvider.class, org.bouncycastle.cert.X509CertificateHolder.class,
                org.bouncycastle.asn1.cms.ContentInfo.class}) {
            Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile f = new JarFile(jar.toFile())) {
                versions.add(f.getManifest().getMainAttributes().getValue("Bundle-Version"));
            }
        }
        assertEquals(1, versions.size(), "bcprov, bcpkix and bcutil versions: " + versions);
        assertEquals(versions.iterator().next(), new BouncyCastleProvider().getVersionStr());
        assertEquals(1, Collections.list(getClass().getClassLoader()
                .getResources("org/bouncycastle/jce/provider/BouncyCastleProvider.class")).size(), "one bcprov on the class path");
    }
}
