package io.hallmark.server.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe of {@link SecurityEvent}s. Publish after the transaction that caused the event has
 * committed. A failing listener is logged and does not stop the others.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<Consumer<SecurityEvent>> listeners = new CopyOnWriteArrayList<>();
    private static final java.util.Set<String> ROUTINE = java.util.Set.of(
            "device.enroll",
            "device.activate",
            "brski.voucher",
            "voucher.issue",
            // one per finding: the alert store and the audit log have them; incidents and quarantines are
            // what the console shows
            "behaviour.alert",
            "behaviour.violation");
    private final java.util.ArrayDeque<SecurityEvent> recent = new java.util.ArrayDeque<>();
    private final int keep;

    /** Creates a bus that also keeps the last {@code keep} events for the console and the API. */
    public EventBus(int keep) {
        this.keep = keep;
    }

    /** Adds a listener, called on the publisher's thread. */
    public void subscribe(Consumer<SecurityEvent> listener) {
        listeners.add(listener);
    }

    /** Delivers {@code event} to every listener. */
    public void publish(SecurityEvent event) {
        synchronized (recent) {
            recent.addLast(event);
            while (recent.size() > keep) {
                recent.removeFirst();
            }
        }
        if (event.kind().startsWith("access.")) {
            LOG.warn("security event {}: {}", event.kind(), event.message());
        } else if (ROUTINE.contains(event.kind())) {
            // routine at fleet scale: the audit log has it, the console need not
            LOG.debug("event {}: {}", event.kind(), event.message());
        } else {
            LOG.info("event {}: {}", event.kind(), event.message());
        }
        for (Consumer<SecurityEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.error("event listener failed on {}", event.kind(), e);
            }
        }
    }

    /** The most recent events, oldest first. */
    public List<SecurityEvent> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
