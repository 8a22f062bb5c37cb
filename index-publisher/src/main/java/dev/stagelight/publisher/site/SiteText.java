package dev.stagelight.publisher.site;

/**
 * Manifest text made safe to show, beyond HTML escaping (which the templates do): control characters and the
 * invisible formatting characters that reorder or hide text (bidi overrides and isolates, zero-width joiners, the
 * BOM) become a visible {@code ⟨U+202E⟩}, so a reader sees exactly what the manifest says. Over-long values are cut,
 * saying so, to keep pages small.
 */
public final class SiteText {
    /** The most characters of one manifest value an entry page shows. */
    public static final int MAX_VALUE = 2000;

    private SiteText() {}

    public static String visible(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        int limit = Math.min(s.length(), MAX_VALUE);
        for (int i = 0; i < limit; ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (hidden(cp)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(String.format("⟨U+%04X⟩", cp));
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += n;
        }
        String shown = out == null ? s.substring(0, limit) : out.toString();
        return s.length() > MAX_VALUE ? shown + "… (" + (s.length() - MAX_VALUE) + " more characters in the manifest)" : shown;
    }

    /** Characters that a browser would not show as themselves. */
    static boolean hidden(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
