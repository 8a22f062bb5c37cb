package dev.stagelight.verifier.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint body: origin line, tree size in decimal, base64 root hash, then zero or more extension lines,
 * each line ending in a newline. It is the text of a {@link SignedNote}.
 *
 * @param origin     the log's origin (unique identity), non-empty
 * @param size       the tree size
 * @param rootHash   the 32-byte Merkle root hash
 * @param extensions extra non-empty lines after the root hash (for instance Rekor's {@code Timestamp: ...})
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    public static final int HASH_SIZE = 32;

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint size must not be negative: " + size);
        }
        if (rootHash.length != HASH_SIZE) {
            throw new IllegalArgumentException("checkpoint root hash must be 32 bytes, got " + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("checkpoint extension lines must be non-empty single lines");
            }
        }
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** Parses a checkpoint body (the text of a signed note); errors name the line and what was expected. */
    public static Checkpoint parse(String text) throws NoteException {
        if (!text.endsWith("\n")) {
            throw new NoteException("checkpoint: the text must end with a newline");
        }
        NoteText.requireNoControl(text, "checkpoint");
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new NoteException("checkpoint: expected at least 3 lines (origin, tree size, root hash), got " + lines.length);
        }
        String origin = lines[0];
        if (origin.isEmpty()) {
            throw new NoteException("checkpoint: line 1 (origin) is empty");
        }
        long size = parseSize(lines[1]);
        byte[] root = NoteText.base64(lines[2], "checkpoint: line 3 (root hash)");
        if (root.length != HASH_SIZE) {
            throw new NoteException("checkpoint: line 3 (root hash): expected 32 bytes, got " + root.length);
        }
        List<String> ext = Arrays.asList(lines).subList(3, lines.length);
        for (int i = 0; i < ext.size(); i++) {
            if (ext.get(i).isEmpty()) {
                throw new NoteException("checkpoint: line " + (i + 4) + " (extension) is empty");
            }
        }
        return new Checkpoint(origin, size, root, ext);
    }

    /**
     * Parses a signed checkpoint note, verifies it against the trusted keys and parses its text.
     *
     * @param source names the note in error messages (a file or URL)
     */
    public static Checkpoint openSigned(byte[] note, java.util.Collection<NoteVerifierKey> trusted, String source) throws NoteException {
        try {
            SignedNote signed = SignedNote.parse(note);
            signed.verify(trusted);
            return parse(signed.text());
        } catch (NoteException e) {
            throw new NoteException(source + ": " + e.getMessage(), e);
        }
    }

    private static long parseSize(String s) throws NoteException {
        if (!s.matches("0|[1-9][0-9]{0,18}")) {
            throw new NoteException("checkpoint: line 2 (tree size): expected a decimal number without leading zeros, got \"" + s + "\"");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NoteException("checkpoint: line 2 (tree size): " + s + " is too large");
        }
    }

    /** The checkpoint body text, exactly as signed. */
    public String format() {
        StringBuilder b = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        for (String e : extensions) {
            b.append(e).append('\n');
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.rootHash, rootHash) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, extensions) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + " size " + size + " root " + Base64.getEncoder().encodeToString(rootHash) + "]";
    }
}
