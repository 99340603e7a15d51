package io.hallmark.agent;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.voucher.Voucher;
import io.hallmark.protocol.voucher.VoucherCodec;
import io.hallmark.protocol.voucher.VoucherJws;
import io.hallmark.protocol.voucher.VoucherRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The pledge's side of BRSKI (RFC 8995): a voucher request signed with the birth certificate's key and bound to a
 * fresh nonce (§3.3), sent over TLS with that certificate (§5.2); the voucher checked against the manufacturer's
 * trust anchor installed at the factory (§5.6.1): signed by a chain to it, for this serial, echoing the nonce (or a
 * nonceless voucher that has not expired); and the outcome reported (§5.7, §5.9.4).
 */
final class Onboarding {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EstClient est;
    private final Clock clock;

    Onboarding(EstClient est, Clock clock) {
        this.est = est;
        this.clock = clock;
    }

    /** Requests, checks and returns the voucher; reports a voucher that fails its checks before throwing. */
    Voucher requestVoucher(TlsCredential birth, String serial, List<X509Certificate> masaAnchors) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        VoucherRequest request = new VoucherRequest(Optional.of(clock.instant()), serial, nonce, Optional.empty());
        String signed = VoucherJws.sign(VoucherCodec.encode(request), birth.chain(), data -> sign(birth, data));
        EstClient.ClientCertificate credentials = new EstClient.ClientCertificate(birth);
        EstClient.Answer answer = est.post(
                "/.well-known/brski/requestvoucher",
                VoucherJws.MEDIA_TYPE,
                signed.getBytes(StandardCharsets.US_ASCII),
                credentials);
        if (answer.status() != 200) {
            throw EstClient.refused("BRSKI requestvoucher", answer);
        }
        Voucher voucher;
        try {
            voucher = VoucherJws.verifyVoucher(
                    new String(answer.body(), StandardCharsets.US_ASCII).strip(),
                    masaAnchors,
                    clock.instant(),
                    new VoucherJws.Expectation(serial, Optional.empty()));
            if (voucher.nonce().isPresent()
                    && !MessageDigest.isEqual(voucher.nonce().get(), nonce)) {
                throw new UntrustedInputException("voucher: the nonce does not match the request");
            }
        } catch (UntrustedInputException e) {
            report("/.well-known/brski/voucher_status", false, e.getMessage(), credentials);
            throw new EstException(EstException.Reason.MALFORMED_RESPONSE, "BRSKI: " + e.getMessage(), e);
        }
        report("/.well-known/brski/voucher_status", true, "voucher accepted", credentials);
        return voucher;
    }

    /** Reports the enrollment's outcome (RFC 8995 §5.9.4). */
    void enrollStatus(TlsCredential client, boolean ok, String reason) {
        report("/.well-known/brski/enrollstatus", ok, reason, new EstClient.ClientCertificate(client));
    }

    private void report(String path, boolean ok, String reason, EstClient.Credentials credentials) {
        String json = "{\"version\":\"1\",\"status\":" + ok + ",\"reason\":\""
                + reason.replace("\\", "\\\\").replace("\"", "'") + "\"}";
        EstClient.Answer answer =
                est.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), credentials);
        if (answer.status() != 200) {
            throw EstClient.refused("BRSKI " + path.substring(path.lastIndexOf('/') + 1), answer);
        }
    }

    private static byte[] sign(TlsCredential birth, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(birth.key());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the birth certificate's key cannot sign (expected: EC P-256)", e);
        }
    }
}
