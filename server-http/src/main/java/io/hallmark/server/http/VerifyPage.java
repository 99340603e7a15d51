package io.hallmark.server.http;

import io.hallmark.server.assurance.Label;
import io.hallmark.server.assurance.LabelStatus;
import io.hallmark.server.assurance.Verification;
import java.nio.charset.StandardCharsets;

/**
 * The public status page of a label for people: one self-contained HTML document (no script, no external resource,
 * styles in one element), every value escaped.
 */
final class VerifyPage {
    private VerifyPage() {}

    static byte[] render(Verification v) {
        Label l = v.label();
        LabelStatus.Status status = v.status().status();
        String colour = colour(status);
        StringBuilder h = new StringBuilder(2048);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Hallmark label ")
                .append(esc(l.id()))
                .append("</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;")
                .append("padding:0 1rem}.status{font-size:2rem;font-weight:bold;color:")
                .append(colour)
                .append("}.level{font-size:3rem;font-weight:bold}dt{font-weight:bold}</style></head><body>\n")
                .append("<h1>Hallmark trust label</h1>\n")
                .append("<p class=\"level\">")
                .append(esc(l.level().name()))
                .append("</p>\n<p class=\"status\">")
                .append(esc(status.wireName()))
                .append("</p>\n");
        if (!v.status().reasons().isEmpty()) {
            h.append("<ul>");
            for (LabelStatus.Reason r : v.status().reasons()) {
                h.append("<li>")
                        .append(esc(r.message()))
                        .append(" <small>(")
                        .append(esc(r.id()))
                        .append(")</small></li>");
            }
            h.append("</ul>\n");
        }
        h.append("<dl>")
                .append(item("Product", l.productName() + " (" + l.productModel() + ")"))
                .append(item("Manufacturer", l.manufacturer()))
                .append(item("Signature", v.signatureValid() ? "valid (platform label key)" : "INVALID"))
                .append(item(
                        "Issued", l.issue().map(i -> i.issuedAt().toString()).orElse("-")))
                .append(item(
                        "Expires", l.issue().map(i -> i.expiresAt().toString()).orElse("-")))
                .append(item("Checked", v.checkedAt().toString()))
                .append(item("Label", l.id()))
                .append("</dl>\n</body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String item(String term, String value) {
        return "<dt>" + esc(term) + "</dt><dd>" + esc(value) + "</dd>";
    }

    /** Escapes text for HTML element content and quoted attributes. */
    /** The colour of a status: green valid, amber suspended, red revoked or expired. */
    static String colour(LabelStatus.Status status) {
        return switch (status) {
            case VALID -> "#1b7f3b";
            case SUSPENDED -> "#b26a00";
            case REVOKED, EXPIRED -> "#b3261e";
        };
    }

    /** {@code s} as text of HTML or XML (SVG): markup characters escaped, control characters as spaces. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
