package io.hallmark.server.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.EvidenceParser;
import io.hallmark.server.attestation.AttestationService;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.TooManyRequestsException;
import io.hallmark.server.identity.Device;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote attestation over MQTT ({@code docs/protocol/attestation.md}): a device asks for a nonce by publishing to
 * {@code hallmark/d/{serial}/attest/nonce/req} and sends evidence to {@code hallmark/d/{serial}/attest/evidence}; the
 * answer is published on the response topic the request names (MQTT 5.0 §3.3.2.3.5; only one under the device's own
 * {@code hallmark/d/{serial}/}), else on {@code hallmark/d/{serial}/attest/nonce} or {@code .../attest/result}, with
 * the request's correlation data (§3.3.2.3.6), its content type and a {@code status} user property (§3.3.2.3.7) as
 * the device port's HTTP status. The appraisal is the device port's: the same verifier, audit and findings.
 */
final class AttestationTopics {
    /** The nonce request topic below the device's prefix. */
    static final String NONCE_REQUEST = "attest/nonce/req";
    /** The default nonce answer topic. */
    static final String NONCE = "attest/nonce";
    /** The evidence topic. */
    static final String EVIDENCE = "attest/evidence";
    /** The default result topic. */
    static final String RESULT = "attest/result";
    /** How long an answer is kept for a device that is not subscribed yet (MQTT 5.0 §3.3.2.3.3). */
    static final long ANSWER_EXPIRY_SECONDS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(AttestationTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_TOPIC = 256;

    /** What a device asks. */
    enum Request {
        /** A fresh nonce. */
        NONCE,
        /** The appraisal of its evidence. */
        EVIDENCE
    }

    /**
     * An answer to publish.
     *
     * @param status the device port's HTTP status for the same outcome
     * @param contentType the payload's media type
     * @param payload the body
     */
    record Answer(int status, String contentType, byte[] payload) {}

    private final AttestationService verifier;

    AttestationTopics(AttestationService verifier) {
        this.verifier = Checks.notNull(verifier, "verifier");
    }

    /** The request {@code topic} is for the device {@code serial}, if it is one. */
    static Optional<Request> request(String serial, String topic) {
        String prefix = DeviceTopic.PREFIX + serial + "/";
        if (topic.equals(prefix + NONCE_REQUEST)) {
            return Optional.of(Request.NONCE);
        }
        if (topic.equals(prefix + EVIDENCE)) {
            return Optional.of(Request.EVIDENCE);
        }
        return Optional.empty();
    }

    /**
     * Where the answer to {@code request} goes: the request's response topic when it is a topic name (no wildcards)
     * under the device's own prefix other than a request topic, else the default.
     */
    static String answerTopic(String serial, Request request, Optional<String> responseTopic) {
        String prefix = DeviceTopic.PREFIX + serial + "/";
        String fallback = prefix + (request == Request.NONCE ? NONCE : RESULT);
        if (responseTopic.isEmpty()) {
            return fallback;
        }
        String t = responseTopic.get();
        boolean own = t.length() > prefix.length()
                && t.length() <= MAX_TOPIC
                && t.startsWith(prefix)
                && t.indexOf('+') < 0
                && t.indexOf('#') < 0
                && t.indexOf('\0') < 0
                && request(serial, t).isEmpty()
                && !t.equals(DeviceTopic.telemetry(serial));
        return own ? t : fallback;
    }

    /**
     * Takes a request publish of {@code device}: consumes it (it is for Hallmark, not routed on), answers on the
     * blocking executor and acknowledges it once the answer is published.
     */
    void handle(
            Request request,
            Device device,
            PublishInboundInput input,
            PublishInboundOutput output,
            ExecutorService blocking) {
        PublishPacket packet = input.getPublishPacket();
        ByteBuffer body = packet.getPayload().orElse(ByteBuffer.allocate(0));
        byte[] bytes = new byte[Math.min(body.remaining(), EvidenceParser.MAX_TOKEN_CHARS + 1)];
        body.duplicate().get(bytes);
        String topic = answerTopic(device.serial(), request, packet.getResponseTopic());
        Optional<ByteBuffer> correlation = packet.getCorrelationData().map(ByteBuffer::asReadOnlyBuffer);
        Async<PublishInboundOutput> async =
                output.async(TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR, "timed out");
        try {
            blocking.execute(() -> {
                try {
                    publish(topic, correlation, answer(request, device, bytes));
                    output.preventPublishDelivery();
                } catch (RuntimeException e) {
                    LOG.warn("mqtt: attestation answer to {} failed", device.serial(), e);
                    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "failed");
                } finally {
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "busy, retry");
            async.resume();
        }
    }

    /** The answer to {@code request} of {@code device} with body {@code bytes}; refusals as problem documents. */
    Answer answer(Request request, Device device, byte[] bytes) {
        String requestId = Ids.newId("mqt");
        try {
            if (request == Request.NONCE) {
                String nonce = verifier.nonceForDevice(device.id(), requestId);
                return new Answer(
                        200,
                        "application/json",
                        ("{\"nonce\":\"" + nonce + "\",\"expiresIn\":"
                                        + verifier.nonceLifetime().toSeconds() + "}")
                                .getBytes(StandardCharsets.US_ASCII));
            }
            // as on the device port: an oversized body is never decoded; the parser refuses it with its finding
            String token = bytes.length > EvidenceParser.MAX_TOKEN_CHARS
                    ? "x".repeat(EvidenceParser.MAX_TOKEN_CHARS + 1)
                    : new String(bytes, StandardCharsets.US_ASCII).strip();
            AttestationService.Result result = verifier.appraiseForDevice(device.id(), token, requestId);
            return new Answer(200, EarClaims.MEDIA_TYPE, result.ear().getBytes(StandardCharsets.US_ASCII));
        } catch (UntrustedInputException | InvalidRequestException e) {
            return problem(400, "Bad request", e.getMessage());
        } catch (AuthenticationException e) {
            return problem(401, "Unauthorized", "the device's operational certificate is required");
        } catch (AccessDeniedException e) {
            return problem(403, "Forbidden", e.getMessage());
        } catch (TooManyRequestsException e) {
            return problem(429, "Too many requests", e.getMessage());
        }
    }

    /** An RFC 9457 problem document. */
    static Answer problem(int status, String title, String detail) {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail == null ? "" : detail) + "\"}";
        return new Answer(status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void publish(String topic, Optional<ByteBuffer> correlation, Answer answer) {
        var builder = Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(ANSWER_EXPIRY_SECONDS)
                .contentType(answer.contentType())
                .userProperty("status", Integer.toString(answer.status()))
                .payload(ByteBuffer.wrap(answer.payload()));
        correlation.ifPresent(builder::correlationData);
        // only the device's own clients may subscribe below its prefix (the broker's authorizer)
        Services.publishService().publish(builder.build()).join();
    }

    /** A JSON string's content (RFC 8259 §7). */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
