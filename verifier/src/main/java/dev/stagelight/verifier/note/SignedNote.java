package dev.stagelight.verifier.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines
 * {@code — name base64(keyhash||signature)}. Parsing checks the form only; {@link #verify} checks signatures.
 *
 * @param text       the signed text, including its final newline
 * @param signatures every signature line, in order (unknown keys included)
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** The em dash (U+2014) and space that start every signature line. */
    static final String SIG_PREFIX = "\u2014 ";
    /** More than the 16 the spec asks verifiers to accept; a bound so a hostile note cannot make us work forever. */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
    }

    /** Parses the note bytes; the message of a {@link NoteException} names the offending line. */
    public static SignedNote parse(byte[] note) throws NoteException {
        String msg = NoteText.decode(note, "signed note");
        // The signature block follows the LAST blank line; the text itself may contain blank lines.
        int split = msg.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("signed note: no blank line before the signature lines");
        }
        String text = msg.substring(0, split + 1);
        String sigs = msg.substring(split + 2);
        int firstSigLine = (int) text.chars().filter(c -> c == '\n').count() + 2;
        if (sigs.isEmpty()) {
            throw new NoteException("signed note: no signature lines after the blank line (line " + firstSigLine + ")");
        }
        if (!sigs.endsWith("\n")) {
            int last = firstSigLine + (int) sigs.chars().filter(c -> c == '\n').count();
            throw new NoteException("signed note: line " + last + ": the last signature line does not end with a newline");
        }
        String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new NoteException("signed note: " + lines.length + " signature lines, more than the " + MAX_SIGNATURES + " accepted");
        }
        List<NoteSignature> parsed = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            parsed.add(parseLine(lines[i], firstSigLine + i));
        }
        return new SignedNote(text, parsed);
    }

    private static NoteSignature parseLine(String line, int lineNo) throws NoteException {
        String where = "signed note: malformed line " + lineNo;
        if (!line.startsWith(SIG_PREFIX)) {
            throw new NoteException(where + ": a signature line must start with \"\u2014 \" (em dash, space)");
        }
        String rest = line.substring(SIG_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new NoteException(where + ": expected \"\u2014 name signature\"");
        }
        String name = rest.substring(0, space);
        String b64 = rest.substring(space + 1);
        if (!NoteText.isValidName(name)) {
            throw new NoteException(where + ": invalid key name \"" + name + "\"");
        }
        if (b64.isEmpty()) {
            throw new NoteException(where + ": empty signature");
        }
        byte[] raw = NoteText.base64(b64, where + ": signature");
        if (raw.length < 5) {
            throw new NoteException(where + ": signature is " + raw.length + " bytes, shorter than a 4-byte key hash plus a signature");
        }
        int hash = NoteVerifierKey.first4(raw);
        byte[] sig = new byte[raw.length - 4];
        System.arraycopy(raw, 4, sig, 0, sig.length);
        return new NoteSignature(name, hash, sig);
    }

    /**
     * Verifies the signatures made by trusted keys. Signatures by unknown keys are ignored; a signature by a trusted
     * key that does not verify fails the whole note (it is proof of tampering or a broken signer).
     *
     * @return the verified signatures, in note order, each key once
     * @throws NoteException on a bad signature from a trusted key, or if no trusted key signed the note
     */
    public List<NoteSignature> verify(Collection<NoteVerifierKey> trusted) throws NoteException {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> verified = new ArrayList<>();
        Set<NoteVerifierKey> seen = new HashSet<>();
        for (NoteSignature sig : signatures) {
            NoteVerifierKey key = trusted.stream().filter(k -> k.matches(sig.name(), sig.keyHash())).findFirst().orElse(null);
            if (key == null || !seen.add(key)) {
                continue;
            }
            if (!key.verify(message, sig.signature())) {
                throw new NoteException("signed note: bad signature from trusted key " + sig.keyId());
            }
            verified.add(sig);
        }
        if (verified.isEmpty()) {
            throw new NoteException("signed note: no signature from a trusted key (signed by: "
                    + signatures.stream().map(NoteSignature::keyId).collect(Collectors.joining(", "))
                    + "; trusted: " + trusted.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")");
        }
        return verified;
    }

    /** The exact note bytes: text, blank line, one line per signature. */
    public byte[] encode() {
        StringBuilder b = new StringBuilder(text).append('\n');
        for (NoteSignature s : signatures) {
            b.append(s.line()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** This note with one more signature appended (a cosignature, for instance a witness's). */
    public SignedNote withSignature(NoteSignature extra) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(extra);
        return new SignedNote(text, all);
    }
}
