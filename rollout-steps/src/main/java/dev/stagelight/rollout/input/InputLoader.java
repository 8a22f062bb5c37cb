package dev.stagelight.rollout.input;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * The one loader for YAML and JSON inputs. Files are composed into located nodes (never bound to objects), so every
 * model loader can report line:column and a field path. JSON goes through the same composer (JSON is YAML 1.2
 * flow style) with the JSON schema, so {@code yes} or {@code 0o17} keep their JSON meaning.
 */
public final class InputLoader {
    private InputLoader() {}

    /** Reads and composes {@code file}; the display name in messages is the path as given. */
    public static InputDocument load(Path file, Strictness strictness) {
        String name = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(name, 0, 0, "", "expected UTF-8 text", e);
        } catch (IOException e) {
            throw new InputException(name, 0, 0, "", "cannot read file: " + e.getMessage(), e);
        }
        return parse(name, text, strictness);
    }

    /** Composes {@code text}; {@code name} is used in messages and decides the schema ({@code .json} or YAML). */
    public static InputDocument parse(String name, String text, Strictness strictness) {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name)
                .setUseMarks(true)
                .setSchema(json ? new JsonSchema() : new CoreSchema())
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            int col = mark.map(m -> m.getColumn() + 1).orElse(0);
            String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
            throw new InputException(name, line, col, "", "not valid " + (json ? "JSON" : "YAML") + ": " + problem, e);
        } catch (YamlEngineException e) {
            throw new InputException(name, 0, 0, "", "not valid " + (json ? "JSON" : "YAML") + ": " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            throw new InputException(name, 1, 1, "", "expected a document, got an empty file");
        }
        return new InputDocument(name, text, strictness, root.get());
    }
}
