package dev.stagelight.rollout.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLoaderTest {
    enum Colour implements InputEnum { DARK_RED, BLUE }

    @TempDir
    Path dir;

    private static InputNode yaml(String text) {
        return InputLoader.parse("t.yaml", text, Strictness.STRICT).root();
    }

    private static InputNode json(String text) {
        return InputLoader.parse("t.json", text, Strictness.STRICT).root();
    }

    @Test
    void typedAccessorsOnYamlAndJsonAlike() {
        for (InputNode n : List.of(
                yaml("s: hi\nn: 2.5\ni: 7\nb: true\nl: [a, b]\nm: {k: 1}\nc: dark_red\nd: 90s\n"),
                json("{\"s\": \"hi\", \"n\": 2.5, \"i\": 7, \"b\": true, \"l\": [\"a\", \"b\"], \"m\": {\"k\": 1},"
                        + " \"c\": \"dark_red\", \"d\": \"90s\"}"))) {
            assertEquals("hi", n.requireString("s"));
            assertEquals(2.5, n.requireNumber("n"));
            assertEquals(7, n.requireLong("i"));
            assertTrue(n.requireBoolean("b"));
            assertEquals(List.of("a", "b"), n.stringList("l"));
            assertEquals(Map.of("k", "1"), n.stringMap("m"));
            assertEquals(Colour.DARK_RED, n.requireEnum("c", Colour.class));
            assertEquals(Duration.ofSeconds(90), n.requireDuration("d"));
            assertEquals("/l/1", n.requireList("l").get(1).pointer());
            assertTrue(n.optString("absent").isEmpty());
            assertEquals(List.of(), n.list("absent"));
        }
    }

    @Test
    void quotedNumbersAreStringsAndYesIsNotABoolean() {
        InputException e = assertThrows(InputException.class, () -> json("{\n  \"n\": \"5\"\n}").requireNumber("n"));
        assertEquals("t.json:2:8: /n: expected a number, got \"5\"", e.getMessage());
        InputException b = assertThrows(InputException.class, () -> yaml("flag: yes\n").requireBoolean("flag"));
        assertEquals("t.yaml:1:7: /flag: expected true or false, got \"yes\"", b.getMessage());
        InputException c = assertThrows(InputException.class, () -> yaml("c: green\n").requireEnum("c", Colour.class));
        assertEquals("t.yaml:1:4: /c: expected one of dark_red, blue, got \"green\"", c.getMessage());
    }

    @Test
    void missingNullAndDuplicateFields() {
        InputException missing = assertThrows(InputException.class, () -> yaml("outer:\n  a: 1\n").requireMap("outer").require("b"));
        assertEquals("t.yaml:2:3: /outer/b: required field is missing", missing.getMessage());
        InputException nul = assertThrows(InputException.class, () -> yaml("a: null\n").requireString("a"));
        assertEquals("t.yaml:1:4: /a: required field is null", nul.getMessage());
        InputException dup = assertThrows(InputException.class, () -> yaml("a: 1\nb: 2\na: 3\n").fields());
        assertEquals("t.yaml:3:1: /a: duplicate key 'a'", dup.getMessage());
        InputException dupJson = assertThrows(InputException.class, () -> json("{\"a\": 1, \"a\": 2}").fields());
        assertEquals("t.json:1:10: /a: duplicate key 'a'", dupJson.getMessage());
    }

    @Test
    void pointerEscapesSlashAndTilde() {
        InputNode n = yaml("\"a/b~c\": {x: 1}\n");
        assertEquals("/a~1b~0c/x", n.requireMap("a/b~c").require("x").pointer());
    }

    @Test
    void syntaxErrorsAreLocated() {
        InputException y = assertThrows(InputException.class, () -> yaml("a: [1, 2\nb: 3\n"));
        assertEquals("t.yaml", y.file());
        assertTrue(y.line() >= 2 && y.getMessage().contains("not valid YAML"), y.getMessage());
        InputException j = assertThrows(InputException.class, () -> json("{\"a\": 1,,}"));
        assertEquals(1, j.line());
        assertTrue(j.getMessage().startsWith("t.json:1:") && j.getMessage().contains("not valid JSON"), j.getMessage());
        InputException empty = assertThrows(InputException.class, () -> yaml("# nothing\n"));
        assertEquals("t.yaml:1:1: expected a document, got an empty file", empty.getMessage());
    }

    @Test
    void positionsInsideLiteralAndQuotedScalars() {
        InputNode n = yaml("a:\n  cond: |\n    x == 1 AND\n      y\n  q: \"abc\"\n");
        InputNode cond = n.requireMap("a").require("cond");
        assertEquals("t.yaml:4:7: /a/cond: here", cond.problemAt(1, 2, "here").getMessage());
        assertEquals("t.yaml:5:8: /a/q: here", n.requireMap("a").require("q").problemAt(0, 1, "here").getMessage());
    }

    @Test
    void unreadableAndNonUtf8FilesAreInputErrors() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        InputException e = assertThrows(InputException.class, () -> InputLoader.load(missing, Strictness.STRICT));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read file"), e.getMessage());
        Path latin = dir.resolve("latin.yaml");
        Files.write(latin, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals(latin + ": expected UTF-8 text",
                assertThrows(InputException.class, () -> InputLoader.load(latin, Strictness.STRICT)).getMessage());
    }
}
