package io.hallmark.server.http;

import com.google.zxing.common.BitMatrix;
import io.hallmark.assurance.Level;
import io.hallmark.server.assurance.Label;
import io.hallmark.server.assurance.LabelStatus;
import io.hallmark.server.assurance.Verification;
import java.nio.charset.StandardCharsets;

/**
 * The trust label as a person sees it on a box or a shop page: an SVG card with the level in large type, what it
 * means, the product and manufacturer, the live status in colour, and the QR code of the status URL. Self-contained,
 * every text escaped.
 */
final class LabelImage {
    private static final int WIDTH = 480;
    private static final int HEIGHT = 200;
    private static final int QR_SIZE = 168;

    private LabelImage() {}

    static byte[] svg(Verification v) {
        Label l = v.label();
        LabelStatus.Status status = v.status().status();
        String colour = VerifyPage.colour(status);
        BitMatrix qr = LabelQr.matrix(v.statusUrl().toString());
        String modules = LabelQr.modulePath(qr);
        double scale = (double) QR_SIZE / qr.getWidth();
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" font-family=\"Helvetica, Arial, sans-serif\">"
                + "<rect x=\"1\" y=\"1\" width=\"" + (WIDTH - 2) + "\" height=\"" + (HEIGHT - 2)
                + "\" rx=\"12\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"2\"/>"
                + "<text x=\"20\" y=\"34\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">IoT TRUST LABEL</text>"
                + "<text x=\"20\" y=\"92\" font-size=\"56\" font-weight=\"bold\" fill=\"#222\">"
                + l.level().name()
                + "</text>"
                + "<text x=\"112\" y=\"72\" font-size=\"13\" fill=\"#222\">" + VerifyPage.esc(meaning(l.level()))
                + "</text>"
                + "<text x=\"112\" y=\"90\" font-size=\"12\" fill=\"#555\">level "
                + l.level().ordinal()
                + " of 4</text>"
                + "<text x=\"20\" y=\"124\" font-size=\"13\" fill=\"#222\">" + VerifyPage.esc(clip(l.productName(), 34))
                + "</text>"
                + "<text x=\"20\" y=\"142\" font-size=\"12\" fill=\"#555\">"
                + VerifyPage.esc(clip(l.manufacturer(), 38))
                + "</text>"
                + "<rect x=\"20\" y=\"156\" width=\"120\" height=\"26\" rx=\"6\" fill=\"" + colour + "\"/>"
                + "<text x=\"80\" y=\"174\" font-size=\"14\" font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">"
                + status.wireName().toUpperCase(java.util.Locale.ROOT) + "</text>"
                + "<text x=\"150\" y=\"174\" font-size=\"10\" fill=\"#555\">scan to check it live</text>"
                + "<g transform=\"translate(" + (WIDTH - QR_SIZE - 16) + " 16) scale(" + scale + ")\">"
                + "<rect width=\"" + qr.getWidth() + "\" height=\"" + qr.getHeight() + "\" fill=\"#fff\"/>"
                + "<path d=\"" + modules + "\" fill=\"#000\" shape-rendering=\"crispEdges\"/></g></svg>\n";
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    /** What a level means, in the words of the four assurance levels. */
    static String meaning(Level level) {
        return switch (level) {
            case NONE -> "No level reached";
            case L1 -> "Self-assessment";
            case L2 -> "Self-certification";
            case L3 -> "External assessment";
            case L4 -> "External certification";
        };
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
