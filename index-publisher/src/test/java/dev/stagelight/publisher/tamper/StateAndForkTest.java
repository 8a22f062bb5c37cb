package dev.stagelight.publisher.tamper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rollback and forks: a verifier that trusted a checkpoint ({@code --state}, or {@code consistency --since})
 * refuses an older one and any tree that does not extend it, prints both signed notes as evidence, and keeps its
 * state file unchanged.
 */
class StateAndForkTest extends FixtureTest {




    private Path stateAt(int size) throws Exception {
        Path state = tmp.resolve("state");
        Files.copy(fixture.oldCheckpoint(size), state);
        return state;
    }

    /** A tree of {@code size} entries signed by the real log key, whose entry {@code k} differs from the log's. */
    private Path forkedIndex(int size, int k) throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("forked"));
        List<byte[]> leaves = new ArrayList<>(Forger.leaves(fixture.index, size));
        leaves.set(k, Forger.withField(leaves.get(k), "tenant", TextNode.valueOf("someone-else")));
        Forger.rewrite(index, leaves, fixture.logKey);
        return index;
    }

    private static void assertEvidence(TamperFixture.Run run, int oldSize, int newSize) {
        assertTrue(run.err().contains("SECURITY ERROR"), run::toString);
        assertTrue(run.err().contains("old checkpoint (") && run.err().contains("new checkpoint ("), run::toString);
        assertTrue(run.err().contains("\t" + TamperFixture.ORIGIN + "\n\t" + oldSize + "\n"), run::toString);
        assertTrue(run.err().contains("\t" + TamperFixture.ORIGIN + "\n\t" + newSize + "\n"), run::toString);
        assertTrue(run.err().contains("\u2014 " + TamperFixture.ORIGIN + " "), "signature lines shown: " + run);
    }

    @ParameterizedTest(name = "trusted size 300, served size {0}")
    @ValueSource(ints = {100, 256})
    void anOlderCheckpointAfterANewerOneIsARollback(int older) throws Exception {
        Path state = stateAt(TamperFixture.SIZE);
        byte[] before = Files.readAllBytes(state);
        Path index = fixture.copyIndex(tmp.resolve("index"));
        TamperFixture.overwrite(index.resolve("checkpoint"), Files.readAllBytes(fixture.oldCheckpoint(older)));
        TamperFixture.Run run = run("index", index.toString(), "--state", state.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("FAILED  state") && run.out().contains("rolled back"), run::toString);
        assertEvidence(run, TamperFixture.SIZE, older);
        assertArrayEquals(before, Files.readAllBytes(state), "the state file must not move");
    }

    @ParameterizedTest(name = "fork at entry {0}, same size")
    @ValueSource(ints = {0, 150, 299})
    void anotherTreeOfTheSameSizeIsAFork(int k) throws Exception {
        Path state = stateAt(TamperFixture.SIZE);
        TamperFixture.Run run = run("index", forkedIndex(TamperFixture.SIZE, k).toString(), "--state",
                state.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("the log forked"), run::toString);
        assertEvidence(run, TamperFixture.SIZE, TamperFixture.SIZE);
        assertArrayEquals(Files.readAllBytes(fixture.oldCheckpoint(TamperFixture.SIZE)), Files.readAllBytes(state));
    }

    @ParameterizedTest(name = "trusted size {0}, fork at entry {1}")
    @org.junit.jupiter.params.provider.CsvSource({"100, 0", "100, 99", "256, 200", "256, 255"})
    void aLargerTreeThatRewritesHistoryIsInconsistent(int trusted, int k) throws Exception {
        Path state = stateAt(trusted);
        Path forked = forkedIndex(TamperFixture.SIZE, k);
        TamperFixture.Run run = run("index", forked.toString(), "--state", state.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("not consistent with"), run::toString);
        assertEvidence(run, trusted, TamperFixture.SIZE);
        assertTrue(run.err().contains("proof of misbehavior:\n\tthe new tree's hash for size " + trusted), run::toString);

        TamperFixture.Run since = run("consistency", forked.toString(), "--since",
                fixture.oldCheckpoint(trusted).toString());
        assertEquals(1, since.code(), since::toString);
        assertEvidence(since, trusted, TamperFixture.SIZE);
    }

    @Test
    void aForkAfterTheTrustedPrefixIsNotAnInconsistency() throws Exception {
        // Entries beyond the trusted size may be anything the log signs: only history is protected.
        TamperFixture.Run run = run("consistency", forkedIndex(TamperFixture.SIZE, 280).toString(), "--since",
                fixture.oldCheckpoint(256).toString());
        assertEquals(0, run.code(), run::toString);
    }

    @Test
    void aCheckpointFromAnotherLogIsRefused() throws Exception {
        Path index = fixture.copyIndex(tmp.resolve("index"));
        dev.stagelight.verifier.note.NoteSignerKey other =
                dev.stagelight.verifier.note.NoteSignerKey.generate("other.example/log");
        Path since = tmp.resolve("other-checkpoint");
        Files.write(since, dev.stagelight.verifier.note.NoteSigner.sign("other.example/log\n1\n"
                + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n", other));
        List<String> a = new ArrayList<>(List.of("consistency", index.toString(), "--since", since.toString(),
                "--log-key", other.verifierKey().encode()));
        a.addAll(fixture.trustArgs());
        TamperFixture.Run run = TamperFixture.verifier(a);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("origin \"" + TamperFixture.ORIGIN + "\" differs from \"other.example/log\""),
                run::toString);
    }

    @Test
    void aStateFileNotSignedByTheLogKeyIsBadInput() throws Exception {
        Path state = tmp.resolve("state");
        Files.writeString(state, "not a checkpoint\n");
        TamperFixture.Run run = run("index", fixture.index.toString(), "--state", state.toString());
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("--state " + state), run::toString);
        assertEquals("not a checkpoint\n", Files.readString(state));
    }
}
