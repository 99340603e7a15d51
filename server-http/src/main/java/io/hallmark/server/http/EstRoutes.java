package io.hallmark.server.http;

import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.DeviceCredential;
import io.hallmark.server.identity.Enrollment;
import io.hallmark.server.identity.EnrollmentService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * Enrollment over Secure Transport (RFC 7030, with the clarifications of RFC 8951) on the device port: {@code
 * /.well-known/est/[label/]cacerts}, {@code simpleenroll}, {@code simplereenroll}, {@code serverkeygen} and {@code
 * csrattrs}, where the
 * optional label names the owner organization (RFC 7030 §3.2.2).
 *
 * <p>Bodies are base64 of DER in both directions (RFC 8951 §3.2: base64 regardless of any Content-Transfer-Encoding
 * header); certificates travel as a certs-only CMS SignedData ("degenerate PKCS#7", RFC 7030 §4.1.3, §4.2.3). Errors
 * are problem documents with a readable reason; a request without credentials is challenged for HTTP Basic (§3.2.3).
 */
final class EstRoutes {
    private static final String BASE = "/.well-known/est";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final String PKCS7 = "application/pkcs7-mime";
    private static final byte[] CSR_ATTRIBUTES = csrAttributes();

    private final EnrollmentService enrollment;

    EstRoutes(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    void register(RoutesConfig routes) {
        for (String prefix : List.of(BASE, BASE + "/{label}")) {
            routes.addHttpHandler(HandlerType.GET, prefix + "/cacerts", this::cacerts);
            routes.addHttpHandler(HandlerType.GET, prefix + "/csrattrs", this::csrattrs);
            routes.addHttpHandler(HandlerType.POST, prefix + "/simpleenroll", ctx -> enroll(ctx, Operation.ENROLL));
            routes.addHttpHandler(HandlerType.POST, prefix + "/simplereenroll", ctx -> enroll(ctx, Operation.REENROLL));
            routes.addHttpHandler(
                    HandlerType.POST, prefix + "/serverkeygen", ctx -> enroll(ctx, Operation.SERVER_KEYGEN));
        }
    }

    /** RFC 7030 §4.1: the CA certificates, without authentication. */
    private void cacerts(Context ctx) {
        List<X509Certificate> chain = enrollment.caCertificates(label(ctx), credential(ctx));
        writeCerts(ctx, 200, chain);
    }

    /**
     * RFC 7030 §4.5: what the CSR should hold: ECDSA with SHA-256, and the subject's serialNumber attribute naming the
     * device.
     */
    private void csrattrs(Context ctx) {
        ctx.status(200);
        ctx.contentType("application/csrattrs");
        ctx.header("Content-Transfer-Encoding", "base64");
        ctx.result(Base64.getMimeEncoder().encode(CSR_ATTRIBUTES));
    }

    /** The three requests that carry a CSR. */
    private enum Operation {
        /** RFC 7030 §4.2.1. */
        ENROLL,
        /** RFC 7030 §4.2.2. */
        REENROLL,
        /** RFC 7030 §4.4. */
        SERVER_KEYGEN
    }

    /**
     * {@code simpleenroll}, {@code simplereenroll} and {@code serverkeygen}: a base64 DER CSR in; the certificate as
     * certs-only CMS out (RFC 7030 §4.2.3), or for serverkeygen multipart/mixed with the private key ({@code
     * application/pkcs8}, §4.4.2, protected by TLS only) then the certificate; or 202 with Retry-After while the
     * owner's approval is awaited.
     */
    private void enroll(Context ctx, Operation operation) {
        // the raw header: Jetty's parsed content type throws on an unknown charset
        String type = Optional.ofNullable(ctx.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/pkcs10")) {
            Problems.write(
                    ctx,
                    Problems.problem(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "Content-Type: expected application/pkcs10 (base64 DER CSR)",
                            ctx));
            return;
        }
        DeviceCredential credential = credential(ctx);
        byte[] body = ctx.bodyAsBytes();
        String requestId = RequestIds.assign(ctx);
        Enrollment result;
        try {
            result = switch (operation) {
                case ENROLL -> enrollment.enroll(credential, label(ctx), body, requestId);
                case REENROLL -> enrollment.reenroll(credential, label(ctx), body, requestId);
                case SERVER_KEYGEN -> enrollment.serverKeyGen(credential, label(ctx), body, requestId);
            };
        } catch (AuthenticationException e) {
            ctx.header("WWW-Authenticate", "Basic realm=\"hallmark-est\", charset=\"UTF-8\"");
            throw e;
        }
        switch (result) {
            case Enrollment.Issued issued -> writeCerts(ctx, 200, List.of(issued.certificate()));
            case Enrollment.ServerKey made -> writeKeyAndCertificate(ctx, made);
            case Enrollment.Pending pending -> {
                ctx.status(202);
                ctx.header("Retry-After", Long.toString(pending.retryAfter().toSeconds()));
                ctx.contentType("text/plain; charset=utf-8");
                ctx.result("waiting for the owner's approval; retry the same request later\n");
            }
        }
    }

    private static void writeKeyAndCertificate(Context ctx, Enrollment.ServerKey made) {
        String boundary = "hallmark-" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Type: application/pkcs8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(made.pkcs8()) + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=certs-only\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder()
                        .encodeToString(certsOnly(List.of(made.issued().certificate())))
                + "\r\n--" + boundary + "--\r\n";
        ctx.status(200);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("multipart/mixed; boundary=" + boundary);
        ctx.result(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static DeviceCredential credential(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (attribute instanceof X509Certificate[] chain && chain.length > 0) {
            return new DeviceCredential.ClientCertificate(chain[0]);
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).strip()),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("Authorization: malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new InvalidRequestException("Authorization: malformed Basic credentials");
            }
            return new DeviceCredential.Secret(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        return new DeviceCredential.None();
    }

    private static Optional<String> label(Context ctx) {
        if (!ctx.pathParamMap().containsKey("label")) {
            return Optional.empty();
        }
        String label = ctx.pathParam("label");
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidRequestException("label: " + label + " (expected: an organization id or name)");
        }
        return Optional.of(label);
    }

    private static byte[] certsOnly(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded();
        } catch (CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("certs-only CMS cannot be encoded", e);
        }
    }

    private static void writeCerts(Context ctx, int status, List<X509Certificate> certificates) {
        byte[] der = certsOnly(certificates);
        ctx.status(status);
        ctx.contentType(PKCS7 + "; smime-type=certs-only");
        ctx.header("Content-Transfer-Encoding", "base64");
        ctx.result(Base64.getMimeEncoder().encode(der));
    }

    /** CsrAttrs (RFC 7030 §4.5.2): SEQUENCE of OIDs: ecdsa-with-SHA256, id-at-serialNumber. */
    private static byte[] csrAttributes() {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(X9ObjectIdentifiers.ecdsa_with_SHA256);
        v.add(BCStyle.SERIALNUMBER);
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
