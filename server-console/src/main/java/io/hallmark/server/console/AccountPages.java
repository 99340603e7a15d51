package io.hallmark.server.console;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.TotpService;
import io.hallmark.server.access.User;
import io.hallmark.server.http.ApiServices;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The signed-in user's own page: who they are, and two-step sign-in (TOTP) turned on, confirmed and off through
 * {@link TotpService}, the same service the API calls.
 */
final class AccountPages {
    private final ApiServices s;
    private final Pages pages;

    AccountPages(ApiServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    void account(Context ctx, Console.Signed who) {
        String notice =
                switch (ctx.queryParam("done") == null ? "" : ctx.queryParam("done")) {
                    case "on" -> "Two-step sign-in is on.";
                    case "off" -> "Two-step sign-in is off.";
                    default -> null;
                };
        show(ctx, who, 200, null, notice, null);
    }

    void enable(Context ctx, Console.Signed who) {
        String password = ctx.formParam("password");
        TotpService.Enrollment e;
        try {
            e = s.totp().enable(who.caller(), password == null ? null : password.toCharArray());
        } catch (io.hallmark.server.errors.InvalidRequestException ex) {
            show(ctx, who, 400, null, null, "That is not your console password.");
            return;
        }
        show(ctx, who, 200, e, null, null);
    }

    void confirm(Context ctx, Console.Signed who) {
        try {
            s.totp().confirm(who.caller(), Forms.trim(ctx.formParam("code")));
        } catch (io.hallmark.server.errors.InvalidRequestException ex) {
            show(ctx, who, 400, null, null, "Wrong code: turn two-step sign-in on again and scan the new code.");
            return;
        }
        ctx.redirect("/account?done=on", HttpStatus.SEE_OTHER);
    }

    void disable(Context ctx, Console.Signed who) {
        s.totp().disable(who.caller(), who.principal().userId());
        ctx.redirect("/account?done=off", HttpStatus.SEE_OTHER);
    }

    private void show(
            Context ctx, Console.Signed who, int status, TotpService.Enrollment e, String notice, String error) {
        User u = s.access().user(who.caller(), who.principal().userId());
        String state = s.totp().required(u.id()) ? "on" : "off";
        Model.Enrollment enrollment = null;
        if (e != null) {
            BitMatrix m = matrix(e.otpauthUri());
            enrollment = new Model.Enrollment(e.otpauthUri(), e.secret(), m.getWidth(), modulePath(m));
        }
        pages.render(
                ctx,
                status,
                "account.jte",
                new Model.Account(
                        pages.frame(who, "Account", "account"),
                        u.name(),
                        u.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", ")),
                        state,
                        enrollment,
                        notice,
                        error));
    }

    /** The QR code (ISO/IEC 18004, level M, quiet zone of 4 modules) of the provisioning URI. */
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
                                    4,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8"));
        } catch (WriterException ex) {
            throw new IllegalArgumentException("text: too long for a QR code", ex);
        }
    }

    /** The dark modules as the {@code d} of one SVG path, one unit per module (drawn inline: no data: URL). */
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
}
