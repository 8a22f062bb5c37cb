package dev.stagelight.verifier.merkle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagelight.verifier.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of transparency-dev/merkle's testdata, read in place; each {@code wantErr} is honoured. */
class MerkleVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> inclusionVectors() throws IOException {
        return vectors("merkle/inclusion");
    }

    static Stream<Arguments> consistencyVectors() throws IOException {
        return vectors("merkle/consistency");
    }

    @ParameterizedTest
    @MethodSource("inclusionVectors")
    void inclusion(Path file) throws IOException {
        JsonNode v = JSON.readTree(file.toFile());
        expect(v, () -> InclusionProof.verify(v.get("leafIdx").asLong(), v.get("treeSize").asLong(),
                bytes(v.get("leafHash")), hashes(v.get("proof")), bytes(v.get("root"))));
    }

    @ParameterizedTest
    @MethodSource("consistencyVectors")
    void consistency(Path file) throws IOException {
        JsonNode v = JSON.readTree(file.toFile());
        expect(v, () -> ConsistencyProof.verify(v.get("size1").asLong(), v.get("size2").asLong(),
                bytes(v.get("root1")), bytes(v.get("root2")), hashes(v.get("proof"))));
    }

    /** A vector with {@code wantErr} must fail with a ProofException; any other must verify. */
    private static void expect(JsonNode vector, Executable verification) {
        String desc = vector.get("desc").asText();
        if (vector.get("wantErr").asBoolean()) {
            assertThrows(ProofException.class, verification, desc);
        } else {
            assertDoesNotThrow(verification, desc);
        }
    }

    private static Stream<Arguments> vectors(String dir) throws IOException {
        Path root = TestData.path(dir);
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .forEach(p -> out.add(Arguments.of(Named.of(root.relativize(p).toString(), p))));
        }
        assertFalse(out.isEmpty(), "no vectors under " + root);
        return out.stream();
    }

    private static byte[] bytes(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
    }

    private static List<byte[]> hashes(JsonNode node) {
        List<byte[]> out = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(n -> out.add(bytes(n)));
        }
        return out;
    }
}
