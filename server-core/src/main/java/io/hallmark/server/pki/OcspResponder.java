package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import io.hallmark.core.LruCache;
import io.hallmark.server.vault.KeyVault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OCSP responder (RFC 6960) for the CAs of a {@link CaDirectory}, answering from a {@link
 * CertificateStatusSource}: pure, the HTTP edge passes it the request bytes (a POST body, or {@link #decodeGetPath}
 * of a GET) and returns its bytes as {@code application/ocsp-response} (RFC 6960 Appendix A.1).
 *
 * <p>{@link #respond} never throws for what a client sends:
 *
 * <ul>
 *   <li>bytes that are not an OCSPRequest, one without CertIDs, or a nonce that is empty or longer than 32 octets
 *       (RFC 8954 §2.1): {@code malformedRequest} (1);
 *   <li>a CertID whose issuer (issuerNameHash and issuerKeyHash with SHA-1, SHA-256, SHA-384 or SHA-512) is not in
 *       the directory, or CertIDs of more than one CA in one request: {@code unauthorized} (6, RFC 6960 §2.3);
 *   <li>a failure to sign: {@code internalError} (2), logged;
 *   <li>otherwise {@code successful} with a BasicOCSPResponse (RFC 6960 §4.2.1) answering every CertID with {@code
 *       good}, {@code revoked} (with reason {@code certificateHold} for a held certificate, none for {@code
 *       unspecified}) or {@code unknown}, each with {@code thisUpdate} and {@code nextUpdate} = {@code thisUpdate} +
 *       the validity ({@link Settings#DEFAULTS one hour} by default).
 * </ul>
 *
 * <p>The CA signs its own responses with its key in the vault (RFC 6960 §4.2.2.2, the CA itself as responder), so
 * the response carries no certificates: the client holds the issuer's certificate already. The ResponderID is
 * byKey, the SHA-1 of the CA's public key (RFC 6960 §4.2.2.3). A request nonce (RFC 6960 §4.4.1) is echoed.
 *
 * <p>Caching: a response to a request for one certificate without a nonce is kept per (CA, serial) and served
 * again, without reading the source or signing, until the certificate's status {@link #statusChanged changes} or
 * half its validity has passed; at most {@link Settings#maxCachedResponses} are kept, the least recently used
 * dropped first. A request with a nonce, or for several certificates, costs a read of the source and a signature
 * each time, since its response must be fresh. Answers {@code unknown} are not cached, so that a certificate issued
 * later needs no notification. Safe for concurrent use.
 */
public final class OcspResponder implements CertificateStatusListener {
    /** The longest nonce answered (RFC 8954 §2.1). */
    static final int MAX_NONCE_LENGTH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(OcspResponder.class);
    private static final byte[] MALFORMED_REQUEST = status(OCSPRespBuilder.MALFORMED_REQUEST);
    private static final byte[] INTERNAL_ERROR = status(OCSPRespBuilder.INTERNAL_ERROR);
    private static final byte[] UNAUTHORIZED = status(OCSPRespBuilder.UNAUTHORIZED);

    private final KeyVault vault;
    private final CaDirectory directory;
    private final CertificateStatusSource source;
    private final Clock clock;
    private final Duration validity;
    private final LruCache<CacheKey, Cached> cache;

    /** Counts status changes, so a response made from a status read before a change is not cached after it. */
    private final AtomicLong changes = new AtomicLong();

    /**
     * What a responder is configured with.
     *
     * @param validity from a response's {@code thisUpdate} to its {@code nextUpdate}: at least one minute; cached
     *     responses are made again when half of it has passed
     * @param maxCachedResponses how many single-certificate responses are cached at most; 0 caches none
     */
    public record Settings(Duration validity, int maxCachedResponses) {
        /** One hour, 100,000 responses (about 60 MB: some 560 bytes each with P-256 CAs). */
        public static final Settings DEFAULTS = new Settings(Duration.ofHours(1), 100_000);

        /** Checks the settings. */
        public Settings {
            Checks.notNull(validity, "validity");
            Checks.check(validity.compareTo(Duration.ofMinutes(1)) >= 0, "validity", validity, "at least PT1M");
            Checks.check(maxCachedResponses >= 0, "maxCachedResponses", maxCachedResponses, ">= 0");
        }
    }

    /** A responder with the {@link Settings#DEFAULTS default settings}. */
    public OcspResponder(KeyVault vault, CaDirectory directory, CertificateStatusSource source, Clock clock) {
        this(vault, directory, source, clock, Settings.DEFAULTS);
    }

    /** A responder with {@code settings}. */
    public OcspResponder(
            KeyVault vault, CaDirectory directory, CertificateStatusSource source, Clock clock, Settings settings) {
        this.vault = Checks.notNull(vault, "vault");
        this.directory = Checks.notNull(directory, "directory");
        this.source = Checks.notNull(source, "source");
        this.clock = Checks.notNull(clock, "clock");
        Checks.notNull(settings, "settings");
        this.validity = settings.validity();
        this.cache = new LruCache<>(settings.maxCachedResponses());
    }

    /**
     * Answers a DER-encoded OCSPRequest (RFC 6960 §4.1) with a DER-encoded OCSPResponse (§4.2); never throws.
     *
     * @param derRequest the request as received; {@code null} or empty is malformed
     */
    public byte[] respond(byte[] derRequest) {
        try {
            Optional<Request> request = parse(derRequest);
            if (request.isEmpty()) {
                return MALFORMED_REQUEST.clone();
            }
            return answer(request.get());
        } catch (RuntimeException e) {
            LOG.warn("ocsp: cannot answer a request: {}", e.toString());
            return INTERNAL_ERROR.clone();
        }
    }

    /**
     * Drops the cached response of the certificate; the next request reads its status again.
     *
     * <p>Counting the change and dropping the entry hold the cache's lock, as does caching a response only when no
     * change was counted since its status was read: a response made from the old status is never cached after this.
     */
    @Override
    public void statusChanged(String caAlias, BigInteger serial) {
        Checks.notNull(caAlias, "caAlias");
        Checks.notNull(serial, "serial");
        synchronized (cache) {
            changes.incrementAndGet();
            cache.remove(new CacheKey(caAlias, serial));
        }
    }

    /**
     * The request of an OCSP GET: the path after the responder's URL, the URL-encoded base64 of the DER OCSPRequest
     * (RFC 6960 Appendix A.1). Pass all of the rest of the raw path, slashes included, since clients do not always
     * escape the {@code /} of base64. A {@code +} stays a {@code +}; the URL-safe alphabet and missing padding are
     * accepted too.
     *
     * @return the DER bytes, or an empty array when the text is not that, which {@link #respond} answers with {@code
     *     malformedRequest}
     */
    public static byte[] decodeGetPath(String base64UrlPart) {
        if (base64UrlPart == null) {
            return new byte[0];
        }
        try {
            String text = base64UrlPart.startsWith("/") ? base64UrlPart.substring(1) : base64UrlPart;
            String base64 = percentDecode(text).replace('-', '+').replace('_', '/');
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private byte[] answer(Request request) {
        CaDirectory.Ca ca = null;
        for (CertificateID id : request.ids()) {
            Optional<CaDirectory.Ca> issuer =
                    directory.findByCertId(id.getHashAlgOID(), id.getIssuerNameHash(), id.getIssuerKeyHash());
            if (issuer.isEmpty() || (ca != null && ca != issuer.get())) {
                return UNAUTHORIZED.clone();
            }
            ca = issuer.get();
        }
        if (request.ids().size() == 1 && request.nonce() == null) {
            return cachedOrSigned(ca, request.ids().get(0));
        }
        List<CertificateStatus> statuses = new ArrayList<>();
        for (CertificateID id : request.ids()) {
            statuses.add(source.status(ca.alias(), id.getSerialNumber()));
        }
        return sign(ca, request.ids(), statuses, request.nonce(), clock.instant());
    }

    private byte[] cachedOrSigned(CaDirectory.Ca ca, CertificateID id) {
        CacheKey key = new CacheKey(ca.alias(), id.getSerialNumber());
        byte[] idDer = encoded(id);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.refreshAt()) && Arrays.equals(cached.certId(), idDer)) {
            return cached.response().clone();
        }
        long changesBefore = changes.get();
        CertificateStatus status = source.status(ca.alias(), id.getSerialNumber());
        byte[] response = sign(ca, List.of(id), List.of(status), null, now);
        if (!(status instanceof CertificateStatus.Unknown)) {
            Cached entry = new Cached(
                    idDer, response, now.truncatedTo(ChronoUnit.SECONDS).plus(validity.dividedBy(2)));
            synchronized (cache) {
                if (changes.get() == changesBefore) {
                    cache.put(key, entry);
                }
            }
        }
        return response.clone();
    }

    private byte[] sign(
            CaDirectory.Ca ca,
            List<CertificateID> ids,
            List<CertificateStatus> statuses,
            Extension nonce,
            Instant now) {
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Date nextUpdate = Date.from(thisUpdate.plus(validity));
        try {
            SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(
                    ca.certificate().getPublicKey().getEncoded());
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(key, sha1()));
            for (int i = 0; i < ids.size(); i++) {
                builder.addResponse(ids.get(i), ocspStatus(statuses.get(i)), Date.from(thisUpdate), nextUpdate, null);
            }
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            BasicOCSPResp basic = builder.build(VaultContentSigner.of(vault, ca.alias()), null, Date.from(thisUpdate));
            return new OCSPRespBuilder()
                    .build(OCSPRespBuilder.SUCCESSFUL, basic)
                    .getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("the OCSP response of " + ca.alias() + " cannot be encoded", e);
        }
    }

    /** The status as RFC 6960 §4.2.1 encodes it: good is {@code null} in BouncyCastle. */
    private static org.bouncycastle.cert.ocsp.CertificateStatus ocspStatus(CertificateStatus status) {
        return switch (status) {
            case CertificateStatus.Good good -> org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
            case CertificateStatus.Held held ->
                new RevokedStatus(Date.from(held.since()), CertificateStatus.Held.CERTIFICATE_HOLD);
            case CertificateStatus.Revoked revoked
            when revoked.reason() == CertificateStatus.Reason.UNSPECIFIED ->
                new RevokedStatus(new RevokedInfo(time(revoked.since()), null));
            case CertificateStatus.Revoked revoked ->
                new RevokedStatus(new RevokedInfo(
                        time(revoked.since()), CRLReason.lookup(revoked.reason().code())));
            case CertificateStatus.Unknown unknown -> new UnknownStatus();
        };
    }

    private static ASN1GeneralizedTime time(Instant instant) {
        return new ASN1GeneralizedTime(Date.from(instant.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** The request's CertIDs and nonce, or empty when it is malformed. */
    private static Optional<Request> parse(byte[] der) {
        if (der == null || der.length == 0) {
            return Optional.empty();
        }
        try {
            OCSPReq request = new OCSPReq(der);
            Req[] list = request.getRequestList();
            if (list.length == 0) {
                return Optional.empty();
            }
            List<CertificateID> ids = new ArrayList<>(list.length);
            for (Req req : list) {
                CertificateID id = req.getCertID();
                // touch every field, so that a malformed CertID fails here and not while answering
                if (id.getHashAlgOID() == null
                        || id.getIssuerNameHash() == null
                        || id.getIssuerKeyHash() == null
                        || id.getSerialNumber() == null) {
                    return Optional.empty();
                }
                ids.add(id);
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                int length = nonceLength(nonce);
                if (length < 1 || length > MAX_NONCE_LENGTH) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Request(List.copyOf(ids), nonce));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The nonce's length: the value of the OCTET STRING inside extnValue (RFC 6960 §4.4.1); clients that put the
     * bare bytes into extnValue are measured by those.
     */
    private static int nonceLength(Extension nonce) {
        byte[] value = nonce.getExtnValue().getOctets();
        try {
            return ASN1OctetString.getInstance(value).getOctets().length;
        } catch (RuntimeException e) {
            return value.length;
        }
    }

    private static byte[] encoded(CertificateID id) {
        try {
            return id.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("a parsed CertID cannot be encoded", e);
        }
    }

    private static DigestCalculator sha1() {
        try {
            return new BcDigestCalculatorProvider().get(RespID.HASH_SHA1);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle has no SHA-1", e);
        }
    }

    /** Decodes %XX escapes only: unlike form decoding, a {@code +} of base64 stays itself. */
    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                Checks.check(i + 2 < text.length(), "text", text, "%XX at every %");
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                Checks.check(high >= 0 && low >= 0, "text", text, "%XX with hex digits");
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("an OCSP status response cannot be encoded", e);
        }
    }

    /** A parsed request: its CertIDs and its nonce extension, if any. */
    private record Request(List<CertificateID> ids, Extension nonce) {}

    /** Where a single-certificate response is cached. */
    private record CacheKey(String caAlias, BigInteger serial) {}

    /**
     * A cached response.
     *
     * @param certId the DER of the CertID it answers, so a request naming the certificate with another hash gets
     *     its own
     * @param response the DER OCSPResponse
     * @param refreshAt when half its validity has passed
     */
    private record Cached(byte[] certId, byte[] response, Instant refreshAt) {}
}
