package io.hallmark.server.http;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The QR code (ISO/IEC 18004) of a label's status URL, encoded by ZXing, drawn as SVG or PNG. Error correction level
 * M (about 15 % of the symbol may be lost, §4.9) suits a printed label; the quiet zone is 4 modules (§6.3.8).
 */
final class LabelQr {
    private static final int QUIET_ZONE = 4;
    private static final int PNG_MODULE_PIXELS = 8;

    private LabelQr() {}

    /** The modules of the symbol, quiet zone included (one bit per module). */
    static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.MARGIN,
                                    QUIET_ZONE,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text: too long for a QR code", e);
        }
    }

    /** The dark modules of {@code m} as the {@code d} of one SVG path, one unit per module. */
    static String modulePath(BitMatrix m) {
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return path.toString();
    }

    /** An SVG image, one unit per module, dark modules as one path. */
    static byte[] svg(String text) {
        BitMatrix m = matrix(text);
        String path = modulePath(m);
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
                + "\" width=\"" + m.getWidth() * PNG_MODULE_PIXELS + "\" height=\"" + m.getHeight() * PNG_MODULE_PIXELS
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\""
                + path + "\" fill=\"#000\"/></svg>\n";
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    /** A black-and-white PNG image, {@value #PNG_MODULE_PIXELS} pixels per module. */
    static byte[] png(String text) {
        BitMatrix m = matrix(text);
        int size = PNG_MODULE_PIXELS;
        BufferedImage img =
                new BufferedImage(m.getWidth() * size, m.getHeight() * size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, m.get(x / size, y / size) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
