package io.hallmark.server.behaviour.detect;

import io.hallmark.core.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many devices of one owner turning toward one destination at once is one incident (a DDoS the fleet takes part in),
 * not thousands of alerts. The correlator is told each device finding that names a destination; when at least
 * {@code minDevices} distinct devices of one owner were told about one destination within {@code window}, the
 * destination is confirmed and every device seen for it, then every later one, belongs to that incident.
 *
 * <p>Memory is bounded: at most {@code maxTracks} (owner, destination) pairs are followed at once; a pair not seen for
 * a window is forgotten (a confirmed one too: a new wave is a new incident). What could not be followed is counted.
 */
public final class FleetCorrelator {
    /**
     * Devices that belong to a fleet incident.
     *
     * @param owner the owner's organization id
     * @param destination {@code host:port/proto}
     * @param devices the devices to attach now: every one seen in the window when {@code opened}, else the one told
     * @param opened whether this observation confirmed the destination (a new incident)
     * @param since when the first of the devices was seen
     */
    public record Correlation(String owner, String destination, Set<String> devices, boolean opened, Instant since) {}

    private final int minDevices;
    private final Duration window;
    private final int maxTracks;
    private final ConcurrentHashMap<String, Track> tracks = new ConcurrentHashMap<>();
    private final LongAdder untracked = new LongAdder();

    /** A correlator that confirms at {@code minDevices} devices within {@code window}. */
    public FleetCorrelator(int minDevices, Duration window, int maxTracks) {
        this.minDevices = (int) Checks.inRange(minDevices, 2, 1_000_000, "minDevices");
        this.window = Checks.notNull(window, "window");
        Checks.check(!window.isNegative() && !window.isZero(), "window", window, "> 0");
        this.maxTracks = (int) Checks.positive(maxTracks, "maxTracks");
    }

    /**
     * Tells of a finding of {@code deviceId} (owned by {@code owner}) pointing at {@code destination} at {@code now}.
     *
     * @return the correlation when the destination is (now) confirmed for the owner; empty otherwise
     */
    public Optional<Correlation> observe(String owner, String destination, String deviceId, Instant now) {
        Checks.notBlank(owner, "owner");
        Checks.notBlank(destination, "destination");
        Checks.notBlank(deviceId, "deviceId");
        Checks.notNull(now, "now");
        String key = owner + '\n' + destination;
        Track track = tracks.get(key);
        if (track == null) {
            if (tracks.size() >= maxTracks) {
                forgetIdle(now);
                if (tracks.size() >= maxTracks) {
                    untracked.increment();
                    return Optional.empty();
                }
            }
            track = tracks.computeIfAbsent(key, k -> new Track());
        }
        synchronized (track) {
            return track.observe(owner, destination, deviceId, now);
        }
    }

    /** Observations dropped because too many destinations were followed. */
    public long untracked() {
        return untracked.sum();
    }

    /** How many (owner, destination) pairs are followed now. */
    public int tracked() {
        return tracks.size();
    }

    private void forgetIdle(Instant now) {
        Instant limit = now.minus(window);
        for (Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
            Track t = it.next().getValue();
            synchronized (t) {
                if (t.last != null && t.last.isBefore(limit)) {
                    it.remove();
                }
            }
        }
    }

    /** One (owner, destination): the devices seen in the window, in arrival order. */
    private final class Track {
        private final ArrayDeque<Seen> order = new ArrayDeque<>();
        private final Map<String, Instant> devices = new HashMap<>();
        private boolean confirmed;
        private Instant last;

        Optional<Correlation> observe(String owner, String destination, String device, Instant now) {
            Instant limit = now.minus(window);
            if (last != null && last.isBefore(limit)) {
                // quiet for a whole window: what comes next is a new wave
                confirmed = false;
                order.clear();
                devices.clear();
            }
            last = now;
            if (confirmed) {
                return Optional.of(new Correlation(owner, destination, Set.of(device), false, now));
            }
            while (!order.isEmpty() && order.peekFirst().at().isBefore(limit)) {
                Seen old = order.pollFirst();
                devices.remove(old.device(), old.at());
            }
            devices.put(device, now);
            order.addLast(new Seen(device, now));
            if (devices.size() < minDevices) {
                return Optional.empty();
            }
            confirmed = true;
            Instant since = order.peekFirst().at();
            Set<String> all = Set.copyOf(devices.keySet());
            order.clear();
            devices.clear();
            return Optional.of(new Correlation(owner, destination, all, true, since));
        }
    }

    private record Seen(String device, Instant at) {}
}
