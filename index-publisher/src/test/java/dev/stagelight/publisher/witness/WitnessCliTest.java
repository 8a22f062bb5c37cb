package dev.stagelight.publisher.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagelight.publisher.cli.PublisherCli;
import dev.stagelight.publisher.testing.PublisherProcess;
import dev.stagelight.verifier.note.CosignerKey;
import dev.stagelight.verifier.note.SignedNote;
import dev.stagelight.verifier.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stagelight-publisher witness keygen|serve} as a user runs them, the server in its own JVM on 127.0.0.1:
 * it cosigns, is killed with SIGKILL, and the restarted witness still knows the size it cosigned.
 */
class WitnessCliTest {
    private static final String LOG_VKEY = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
    private static final Pattern STARTED = Pattern.compile("witness (\\S+) for example.com/log/testdata at (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private record Started(PublisherProcess process, String vkey, URI url) {}

    private Started serve(Path keys) throws Exception {
        PublisherProcess p = PublisherProcess.start(tmp.resolve("logs"), Map.of(), "witness", "serve", "--key",
                keys.resolve("witness.key").toString(), "--log", LOG_VKEY, "--state", tmp.resolve("state").toString());
        // Wait for the one line it prints when listening (bounded: a JVM start, not a timing assertion).
        for (int i = 0; i < 600; i++) {
            Matcher m = STARTED.matcher(p.stdoutSoFar());
            if (m.find()) {
                return new Started(p, m.group(1), URI.create(m.group(2)));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("witness did not start: " + p.kill());
    }

    private HttpResponse<String> submit(URI url, long old, Path checkpoint) throws Exception {
        byte[] body = new AddCheckpointRequest(old, List.of(), Files.readAllBytes(checkpoint)).encode();
        return http.send(HttpRequest.newBuilder(url.resolve("add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWitnessKilledAfterCosigningRemembersWhatItCosigned() throws Exception {
        Path log = TestData.path("tessera-log");
        Path keys = tmp.resolve("keys");
        assertEquals(0, PublisherCli.run("witness", "keygen", "--out", keys.toString(), "--name", "witness.test/w9"));
        String vkey = Files.readString(keys.resolve("witness.vkey")).strip();

        Started first = serve(keys);
        assertEquals(vkey, first.vkey());
        HttpResponse<String> ok = submit(first.url(), 0, log.resolve("checkpoint.6"));
        assertEquals(200, ok.statusCode(), ok::body);
        SignedNote cosigned = SignedNote.parse((Files.readString(log.resolve("checkpoint.6")) + ok.body())
                .getBytes(StandardCharsets.UTF_8));
        CosignerKey key = CosignerKey.parse(vkey);
        key.verify(cosigned.text(), cosigned.signatures().get(cosigned.signatures().size() - 1));
        first.process().kill();

        Started second = serve(keys);
        try {
            HttpResponse<String> stale = submit(second.url(), 0, log.resolve("checkpoint.6"));
            assertEquals(409, stale.statusCode(), stale::body);
            assertEquals("6\n", stale.body());
            assertEquals(200, submit(second.url(), 6, log.resolve("checkpoint.6")).statusCode());
        } finally {
            second.process().kill();
        }
    }

    @Test
    void badServeArgumentsAreOneLineErrors() {
        assertEquals(2, PublisherCli.run("witness", "serve", "--key", tmp.resolve("missing.key").toString(),
                "--log", LOG_VKEY, "--state", tmp.resolve("s").toString()));
        assertTrue(Files.notExists(tmp.resolve("s")));
    }
}
