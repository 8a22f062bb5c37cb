package dev.stagelight.publisher.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request: {@code old <size>}, at most 63 base64 consistency
 * proof hashes one per line, an empty line, then the signed checkpoint note.
 *
 * @param oldSize the size of the checkpoint the client believes the witness last cosigned
 * @param proof   the consistency proof from {@code oldSize} to the submitted checkpoint
 * @param note    the signed checkpoint note bytes, exactly as sent
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, byte[] note) {
    public static final int MAX_PROOF_LINES = 63;

    public AddCheckpointRequest {
        proof = List.copyOf(proof);
        note = note.clone();
    }

    @Override
    public byte[] note() {
        return note.clone();
    }

    /** Parses a request body; the message of the exception says which line is wrong and why. */
    public static AddCheckpointRequest parse(byte[] body) throws WitnessException {
        int pos = 0;
        String first = null;
        List<byte[]> proof = new ArrayList<>();
        for (int lineNo = 1; ; lineNo++) {
            int nl = indexOf(body, (byte) '\n', pos);
            if (nl < 0) {
                throw bad("line " + lineNo + ": no newline before the end of the request; expected an empty line"
                        + " before the checkpoint");
            }
            String line = new String(body, pos, nl - pos, StandardCharsets.UTF_8);
            pos = nl + 1;
            if (first == null) {
                if (!line.matches("old (0|[1-9][0-9]{0,18})")) {
                    throw bad("line 1: expected \"old <size>\" (decimal, no leading zeros), got \"" + clip(line) + "\"");
                }
                first = line;
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw bad("more than " + MAX_PROOF_LINES + " consistency proof lines");
            }
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw bad("line " + lineNo + ": consistency proof hash is not base64: " + e.getMessage());
            }
            if (hash.length != 32 || !Base64.getEncoder().encodeToString(hash).equals(line)) {
                throw bad("line " + lineNo + ": expected a 32-byte hash in canonical base64");
            }
            proof.add(hash);
        }
        long old;
        try {
            old = Long.parseLong(first.substring(4));
        } catch (NumberFormatException e) {
            throw bad("line 1: old size " + first.substring(4) + " is too large");
        }
        byte[] note = java.util.Arrays.copyOfRange(body, pos, body.length);
        if (note.length == 0) {
            throw bad("no checkpoint after the empty line");
        }
        return new AddCheckpointRequest(old, proof, note);
    }

    /** The request body bytes (for clients and tests). */
    public byte[] encode() {
        StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] h : proof) {
            b.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        b.append('\n');
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + note.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(note, 0, out, head.length, note.length);
        return out;
    }

    private static WitnessException bad(String message) {
        return new WitnessException(WitnessException.BAD_REQUEST, "add-checkpoint request: " + message);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
