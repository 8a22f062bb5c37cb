package dev.stagelight.verifier.dsse;

/** 64 lowercase hex digits (a SHA-256 digest), checked without a regular expression. */
final class Hex64 {
    private Hex64() {}

    static boolean is(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
