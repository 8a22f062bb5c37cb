package dev.stagelight.verifier.keys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7468 PEM blocks: {@code -----BEGIN LABEL-----}, base64 body, {@code -----END LABEL-----}. */
public final class Pem {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    /** One decoded block; {@code headers} holds RFC 1421 style {@code Key: value} lines if present. */
    public record Block(String label, byte[] der, List<String> headers) {
        public Block {
            der = der.clone();
            headers = List.copyOf(headers);
        }

        @Override
        public byte[] der() {
            return der.clone();
        }
    }

    private Pem() {}

    /** Every PEM block in {@code text}, in order; text outside blocks is ignored, as OpenSSL does. */
    public static List<Block> parseAll(String text, String source) throws KeyException {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = BEGIN.matcher(lines[i].strip());
            if (!m.matches()) {
                continue;
            }
            String label = m.group(1);
            String end = "-----END " + label + "-----";
            int beginLine = i + 1;
            StringBuilder body = new StringBuilder();
            List<String> headers = new ArrayList<>();
            i++;
            while (i < lines.length && !lines[i].strip().equals(end)) {
                String l = lines[i].strip();
                if (l.contains(":")) {
                    headers.add(l);
                } else {
                    body.append(l);
                }
                i++;
            }
            if (i >= lines.length) {
                throw new KeyException(source + ": line " + beginLine + ": PEM block " + label + " has no \"" + end + "\" line");
            }
            try {
                blocks.add(new Block(label, Base64.getDecoder().decode(body.toString()), headers));
            } catch (IllegalArgumentException e) {
                throw new KeyException(source + ": line " + beginLine + ": PEM block " + label + " is not valid base64: " + e.getMessage());
            }
        }
        return blocks;
    }

    /** The single block of {@code text}; it must carry one of the {@code accepted} labels. */
    public static Block parseOne(String text, String source, String... accepted) throws KeyException {
        List<Block> blocks = parseAll(text, source);
        if (blocks.size() != 1) {
            throw new KeyException(source + ": expected exactly one PEM block (" + String.join(" or ", accepted) + "), found " + blocks.size());
        }
        Block b = blocks.get(0);
        for (String label : accepted) {
            if (label.equals(b.label())) {
                return b;
            }
        }
        throw new KeyException(source + ": PEM block is \"" + b.label() + "\", expected " + String.join(" or ", accepted));
    }

    /** Encodes one block with 64-character lines, as OpenSSL writes it. */
    public static String encode(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }
}
