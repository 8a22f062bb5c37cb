package dev.stagelight.publisher.append;

import dev.stagelight.verifier.entry.Entry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An input whose leaf does not fit an entry bundle (a uint16 length: at most {@link Appender#MAX_LEAF_SIZE} bytes).
 * Bad input, not a failed check: nothing of the batch was written. The message names the input and the field that
 * makes the entry large.
 */
public final class OversizeEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    private OversizeEntryException(String message) {
        super(message);
    }

    /** A raw leaf: the input file's whole content. */
    static OversizeEntryException rawLeaf(String source, int size) {
        return new OversizeEntryException(source + ": the leaf (the file's whole content) is " + size
                + " bytes, over the " + Appender.MAX_LEAF_SIZE + "-byte limit of an entry bundle");
    }

    /** A v1 entry: names its largest field, the one to shorten. */
    static OversizeEntryException entry(String source, Entry entry, int size) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("/tenant", entry.tenant());
        fields.put("/region", entry.region());
        if (entry.signature() != null) {
            fields.put("/signature/keyid", entry.signature().keyid());
            fields.put("/signature/sig", entry.signature().sig());
        }
        if (entry.rekor() != null) {
            fields.put("/rekor/uuid", entry.rekor().uuid());
        }
        Map.Entry<String, String> largest = fields.entrySet().stream()
                .max(Map.Entry.comparingByValue(java.util.Comparator.comparingInt(String::length))).orElseThrow();
        return new OversizeEntryException(source + ": its entry (seq " + entry.seq() + ") is " + size + " bytes, over"
                + " the " + Appender.MAX_LEAF_SIZE + "-byte limit of an entry bundle; " + largest.getKey() + " alone is "
                + largest.getValue().length() + " bytes (an entry points to its manifest by digest and stays small)");
    }
}
