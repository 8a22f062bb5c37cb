package dev.stagelight.verifier.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Lexical rules shared by notes, keys and checkpoints (C2SP signed-note): UTF-8, no control characters, strict base64. */
final class NoteText {
    private NoteText() {}

    /** Decodes well-formed UTF-8 and rejects every control character except newline. */
    static String decode(byte[] bytes, String what) throws NoteException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NoteException(what + ": not well-formed UTF-8");
        }
        requireNoControl(text, what);
        return text;
    }

    static void requireNoControl(String text, String what) throws NoteException {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (Character.isISOControl(c)) {
                throw new NoteException(String.format("%s: line %d: control character U+%04X is not allowed", what, line, (int) c));
            }
        }
    }

    /** A key name: non-empty, no whitespace, no '+' (the separator of key strings). */
    static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        return name.codePoints().noneMatch(cp -> cp == '+' || Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    /** Standard padded base64, canonical only: re-encoding must give the same text back. */
    static byte[] base64(String text, String what) throws NoteException {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new NoteException(what + ": invalid base64: " + e.getMessage());
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new NoteException(what + ": non-canonical base64 (standard alphabet with padding expected)");
        }
        return decoded;
    }
}
