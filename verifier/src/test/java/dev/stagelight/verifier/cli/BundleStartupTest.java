package dev.stagelight.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.verifier.testing.V1Index;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh JVM loads to verify one key-signed export: none of picocli, Jackson, BouncyCastle or sigstore-java
 * (their loading and set-up cost more than the check; see {@code bench startup}). A bad command line still gets
 * picocli's error, which this test sees loading.
 */
class BundleStartupTest {
    private static final List<String> HEAVY = List.of("picocli.", "com.fasterxml.", "org.bouncycastle.",
            "dev.sigstore.", "com.google.", "io.grpc.");

    @TempDir
    Path tmp;

    @Test
    void aKeySignedBundleLoadsNoHeavyLibrary() throws Exception {
        V1Index index = V1Index.create(tmp, 5);
        Path export = index.export(tmp.resolve("export"), 3);
        Path vkey = Files.writeString(tmp.resolve("log.vkey"), index.logKey.verifierKey().encode() + "\n");
        Run ok = java("bundle", export.toString(), "--index", index.dir.toString(), "--log-key", vkey.toString(),
                "--signer-key", index.signerPem.toString());
        assertEquals(0, ok.code, ok.output);
        assertTrue(ok.output.contains("VERIFIED: bundle"), ok.output);
        assertEquals(List.of(), ok.heavy(), "classes of heavy libraries loaded for a key-signed bundle");
        assertTrue(ok.loaded.stream().anyMatch(c -> c.equals(BundleArgs.class.getName())), "the log lists classes");

        Run usage = java("bundle", export.toString(), "--index", index.dir.toString(), "--log-key", vkey.toString(),
                "--no-such-option");
        assertEquals(VerifierCli.USAGE, usage.code, usage.output);
        assertTrue(usage.output.contains("Unknown option: '--no-such-option'"), usage.output);
        assertTrue(usage.heavy().stream().anyMatch(c -> c.startsWith("picocli.")), "usage errors go through picocli");
    }

    private record Run(int code, String output, List<String> loaded) {
        List<String> heavy() {
            return loaded.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList();
        }
    }

    private Run java(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "classes", ".txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                VerifierCli.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "verifier did not exit");
        List<String> loaded = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            // [0.012s][info][class,load] java.lang.Object source: shared objects file
            int at = line.indexOf("] ", line.indexOf("class,load"));
            if (at > 0) {
                String rest = line.substring(at + 2);
                loaded.add(rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ')));
            }
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), loaded);
    }
}
