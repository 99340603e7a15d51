package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.DEVICE_OPERATE;
import static io.hallmark.server.access.Permission.DEVICE_READ;

import io.hallmark.protocol.v1.DeviceTagChange;
import io.hallmark.protocol.v1.DeviceTagsView;
import io.hallmark.server.update.DeviceTagService;
import java.util.Set;

/** Device tags under {@code /api/v1/devices/{device}/tags}: read, and change (add and remove in one request). */
final class DeviceTagRoutes {
    private static final String PATH = "/api/v1/devices/{device}/tags";

    private DeviceTagRoutes() {}

    /** The operator API's routes. */
    static void define(ApiRoutes r, ApiServices s) {
        DeviceTagService tags = s.deviceTags();
        r.route(
                "GET",
                PATH,
                "getDeviceTags",
                "A device's tags and the firmware version it last reported",
                Set.of(DEVICE_READ),
                null,
                DeviceTagsView.class,
                200,
                false,
                (ctx, c) -> view(tags.show(c, ctx.pathParam("device"))));
        r.route(
                "PATCH",
                PATH,
                "changeDeviceTags",
                "Add and remove a device's tags (rollouts select devices by them)",
                Set.of(DEVICE_OPERATE),
                DeviceTagChange.class,
                DeviceTagsView.class,
                200,
                true,
                (ctx, c, b) -> view(tags.change(c, ctx.pathParam("device"), b.add(), b.remove())));
    }

    private static DeviceTagsView view(DeviceTagService.Tags t) {
        return new DeviceTagsView(
                t.device().id(), t.device().serial(), t.tags(), t.firmware().orElse(null));
    }
}
