package io.hallmark.server.console;

import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.identity.DeviceService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Live device state over server-sent events (HTML Living Standard §9.2): the device page subscribes to {@code
 * /devices/{id}/live} and hears {@code state} events whenever the device moves, whoever moved it. One listener on
 * the event bus fans out to the open streams; each stream is a blocking loop on its own virtual thread that ends when
 * the browser goes away or the session ends.
 */
final class Live {
    private static final long HEARTBEAT_SECONDS = 15;
    private static final int MAX_STREAMS = 1_000;

    private final ApiServices services;
    private final Sessions sessions;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

    private record Stream(String deviceId, BlockingQueue<String> queue) {}

    Live(ApiServices services, Sessions sessions) {
        this.services = services;
        this.sessions = sessions;
    }

    /** Called by the event bus on the publisher's thread: never blocks. */
    void publish(SecurityEvent e) {
        if (!e.kind().startsWith("device.") || streams.isEmpty()) {
            return;
        }
        for (Stream s : streams) {
            if (s.deviceId().equals(e.subject())) {
                services.identity().devices().findWithCertificates(e.subject()).ifPresent(d -> s.queue()
                        .offer(d.device().state().wire()));
            }
        }
    }

    void stream(Context ctx, Console.Signed who) throws IOException {
        // the same read check as the device page: refused (and audited) when the role or organization do not match
        DeviceService.DeviceDetail d = services.identity().devices().show(who.caller(), ctx.pathParam("device"));
        if (streams.size() >= MAX_STREAMS) {
            ctx.status(503);
            return;
        }
        Stream s = new Stream(d.device().id(), new ArrayBlockingQueue<>(16));
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Accel-Buffering", "no");
        streams.add(s);
        try {
            OutputStream out = ctx.res().getOutputStream();
            write(out, "retry: 5000\nevent: state\ndata: " + d.device().state().wire() + "\n\n");
            while (sessions.live(who.session())) {
                String state = s.queue().poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                write(out, state == null ? ": keep-alive\n\n" : "event: state\ndata: " + state + "\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away
        } finally {
            streams.remove(s);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
