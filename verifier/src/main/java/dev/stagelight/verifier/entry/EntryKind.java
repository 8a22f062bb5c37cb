package dev.stagelight.verifier.entry;

/** What an index entry records: an export manifest or the evidence of a rollout. */
public enum EntryKind {
    EXPORT("export"),
    ROLLOUT_EVIDENCE("rollout-evidence");

    private final String wire;

    EntryKind(String wire) {
        this.wire = wire;
    }

    /** The spelling in the entry JSON. */
    public String wire() {
        return wire;
    }

    /** The kind spelled {@code wire}, or null if there is none. */
    public static EntryKind fromWire(String wire) {
        for (EntryKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        return null;
    }
}
