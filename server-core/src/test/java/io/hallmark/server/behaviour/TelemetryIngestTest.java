package io.hallmark.server.behaviour;

import static io.hallmark.server.behaviour.TelemetryIngest.Transport.HTTPS;
import static io.hallmark.server.behaviour.TelemetryIngest.Transport.MQTT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.errors.TooManyRequestsException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.ConflictException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TelemetryIngestTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static Device device(String serial) {
        return new Device(
                "id-" + serial,
                serial,
                "org",
                Optional.of("org"),
                Optional.empty(),
                Optional.of("org"),
                DeviceState.ACTIVE,
                false,
                Optional.empty(),
                NOW,
                NOW);
    }

    private static byte[] seq(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachDevicesReportsAreJudgedInArrivalOrderByOneWorkerWhateverTheTransport() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, java.util.Set<String>> threads = new ConcurrentHashMap<>();
        int devices = 40;
        int reports = 250;
        CountDownLatch done = new CountDownLatch(devices * reports);
        try (TelemetryIngest ingest = new TelemetryIngest(
                (d, payload) -> {
                    // only this shard's worker writes a device's list: no lock needed, as for detector state
                    seen.computeIfAbsent(d.serial(), k -> new ArrayList<>())
                            .add(Integer.parseInt(new String(payload, StandardCharsets.US_ASCII)));
                    threads.computeIfAbsent(d.serial(), k -> ConcurrentHashMap.newKeySet())
                            .add(Thread.currentThread().getName());
                },
                100_000,
                4)) {
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                Device d = device("SN-" + i);
                TelemetryIngest.Transport via = i % 2 == 0 ? HTTPS : MQTT;
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int n = 0; n < reports; n++) {
                        assertThat(ingest.put(via, d, seq(n), o -> done.countDown(), 60_000))
                                .isTrue();
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            done.await();
            assertThat(ingest.accepted(HTTPS) + ingest.accepted(MQTT)).isEqualTo((long) devices * reports);
            assertThat(ingest.received(HTTPS)).isEqualTo((long) devices / 2 * reports);
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int n = 0; n < reports; n++) {
            inOrder.add(n);
        }
        assertThat(seen).hasSize(devices);
        seen.forEach((sn, list) -> assertThat(list).as(sn).isEqualTo(inOrder));
        threads.forEach((sn, names) -> assertThat(names).as(sn).hasSize(1));
        assertThat(threads.values().stream().flatMap(java.util.Set::stream).distinct())
                .as("the devices are spread over the shards")
                .hasSizeGreaterThan(1);
    }

    @Test
    void aFullQueueRefusesAtOnceOrAfterTheWaitAndCountsQueueFullForTheTransport() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LinkedBlockingQueue<TelemetryIngest.Outcome> outcomes = new LinkedBlockingQueue<>();
        try (TelemetryIngest ingest = new TelemetryIngest(
                (d, payload) -> {
                    busy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                2,
                1)) {
            Device d = device("SN-1");
            assertThat(ingest.offer(HTTPS, d, seq(1), outcomes::add)).isTrue();
            busy.await(); // the worker holds the first; the queue (2) is empty again
            assertThat(ingest.offer(HTTPS, d, seq(2), outcomes::add)).isTrue();
            assertThat(ingest.offer(MQTT, d, seq(3), outcomes::add)).isTrue();
            assertThat(ingest.depth()).isEqualTo(2);

            assertThat(ingest.offer(HTTPS, d, seq(4), outcomes::add)).isFalse();
            assertThat(ingest.put(HTTPS, d, seq(5), outcomes::add, 1)).isFalse();
            assertThat(ingest.offer(MQTT, d, seq(6), outcomes::add)).isFalse();

            assertThat(ingest.dropped(HTTPS, Drop.QUEUE_FULL)).isEqualTo(2);
            assertThat(ingest.dropped(MQTT, Drop.QUEUE_FULL)).isEqualTo(1);
            assertThat(ingest.received(HTTPS)).isEqualTo(4);
            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertThat(outcomes.poll(60, TimeUnit.SECONDS).taken()).isTrue();
            }
            assertThat(outcomes)
                    .as("the refused ones are never answered by the worker")
                    .isEmpty();
        }
    }

    @Test
    void aRefusalIsAnsweredWithItsReasonAndTheServicesExceptionAndCounted() throws Exception {
        LinkedBlockingQueue<TelemetryIngest.Outcome> outcomes = new LinkedBlockingQueue<>();
        try (TelemetryIngest ingest = new TelemetryIngest(
                (d, payload) -> {
                    switch (new String(payload, StandardCharsets.US_ASCII)) {
                        case "dup" -> throw new ConflictException("seq 1 is not newer");
                        case "fast" -> throw new TooManyRequestsException("too many reports", 1);
                        default -> {}
                    }
                },
                10,
                2)) {
            Device d = device("SN-2");
            ingest.offer(HTTPS, d, "dup".getBytes(StandardCharsets.US_ASCII), outcomes::add);
            ingest.offer(HTTPS, d, "fast".getBytes(StandardCharsets.US_ASCII), outcomes::add);
            ingest.offer(HTTPS, d, "ok".getBytes(StandardCharsets.US_ASCII), outcomes::add);
            TelemetryIngest.Outcome dup = outcomes.poll(60, TimeUnit.SECONDS);
            TelemetryIngest.Outcome fast = outcomes.poll(60, TimeUnit.SECONDS);
            TelemetryIngest.Outcome ok = outcomes.poll(60, TimeUnit.SECONDS);
            assertThat(dup.drop()).contains(Drop.DUPLICATE);
            assertThat(dup.refusal().orElseThrow()).isInstanceOf(ConflictException.class);
            assertThat(fast.drop()).contains(Drop.RATE_LIMITED);
            assertThat(fast.refusal().orElseThrow()).isInstanceOf(TooManyRequestsException.class);
            assertThat(ok.taken()).isTrue();
            assertThat(ingest.dropped(HTTPS, Drop.DUPLICATE)).isEqualTo(1);
            assertThat(ingest.dropped(HTTPS, Drop.RATE_LIMITED)).isEqualTo(1);
            assertThat(ingest.dropped(MQTT, Drop.DUPLICATE)).isZero();
            assertThat(ingest.accepted(HTTPS)).isEqualTo(1);
        }
    }

    @Test
    void afterCloseNothingIsQueued() {
        TelemetryIngest ingest = new TelemetryIngest((d, payload) -> {}, 10, 1);
        ingest.close();
        assertThat(ingest.offer(MQTT, device("SN-3"), seq(1), o -> {})).isFalse();
        assertThat(ingest.dropped(MQTT, Drop.QUEUE_FULL)).isEqualTo(1);
    }
}
