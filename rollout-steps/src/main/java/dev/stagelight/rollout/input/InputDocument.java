package dev.stagelight.rollout.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One loaded YAML or JSON file: its display name, text (for mapping positions inside multi-line values),
 * strictness and the warnings collected while model loaders walked it.
 */
public final class InputDocument {
    private final String file;
    private final String text;
    private final Strictness strictness;
    private final Node rootNode;
    private final List<InputWarning> warnings = new ArrayList<>();

    InputDocument(String file, String text, Strictness strictness, Node rootNode) {
        this.file = file;
        this.text = text;
        this.strictness = strictness;
        this.rootNode = rootNode;
    }

    public String file() {
        return file;
    }

    public Strictness strictness() {
        return strictness;
    }

    public InputNode root() {
        return new InputNode(this, rootNode, "");
    }

    /** Warnings collected so far (unknown fields in lenient mode), in the order met. */
    public List<InputWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    void warn(InputWarning w) {
        warnings.add(w);
    }

    String text() {
        return text;
    }
}
