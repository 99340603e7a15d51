package io.hallmark.server.vuln;

/** Text helpers for notes and errors about untrusted input. */
final class Notes {
    private Notes() {}

    /** The text cut to 64 characters, control characters replaced, for messages. */
    static String shorten(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
