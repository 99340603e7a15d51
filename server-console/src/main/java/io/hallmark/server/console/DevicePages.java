package io.hallmark.server.console;

import io.hallmark.server.attestation.Integrity;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.http.DeviceListParams;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.Page;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The device list: a search by serial or id, or one page of the devices that match the filter form (state, live
 * integrity, product, firmware version, tag), read as plain GET parameters exactly as {@code GET /api/v1/devices}
 * reads them, so the form works without JavaScript; htmx swaps only the results when it is there.
 */
final class DevicePages {
    private static final List<String> STATES =
            Arrays.stream(DeviceState.values()).map(DeviceState::wire).toList();
    private static final List<String> INTEGRITIES =
            Arrays.stream(Integrity.values()).map(Integrity::wire).toList();

    private final ApiServices s;
    private final Pages pages;

    DevicePages(ApiServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    void devices(Context ctx, Console.Signed who) {
        String q = Forms.trim(ctx.queryParam("q"));
        DeviceListParams params = DeviceListParams.parse(ctx::queryParam);
        List<Model.DeviceRow> rows = new ArrayList<>();
        String next = null;
        String note = null;
        if (q != null) {
            try {
                rows.add(Forms.row(s.identity().devices().show(who.caller(), q).device()));
            } catch (NotFoundException e) {
                note = "No device with serial or id " + q + ".";
            }
        } else {
            Page<Device> page = s.attestation()
                    .queries()
                    .listDevices(who.caller(), null, params.filter(), params.integrity(), Forms.pageOf(ctx));
            page.items().forEach(d -> rows.add(Forms.row(d)));
            if (page.next().isPresent()) {
                next = "/devices?" + DeviceListParams.query(ctx::queryParam) + "after="
                        + Forms.enc(page.next().get());
            }
            if (rows.isEmpty()) {
                note = params.filter().isAny() && params.integrity().isEmpty()
                        ? "No devices."
                        : "No devices match the filter.";
            }
        }
        pages.render(
                ctx,
                200,
                "devices.jte",
                new Model.Devices(
                        pages.frame(who, "Devices", "devices"),
                        q,
                        new Model.DeviceFilter(
                                Forms.trim(ctx.queryParam("state")),
                                Forms.trim(ctx.queryParam("integrity")),
                                Forms.trim(ctx.queryParam("product")),
                                Forms.trim(ctx.queryParam("firmware")),
                                Forms.trim(ctx.queryParam("tag"))),
                        STATES,
                        INTEGRITIES,
                        rows,
                        next,
                        note));
    }
}
