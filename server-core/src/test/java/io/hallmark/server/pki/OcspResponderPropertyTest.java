package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.pki.OrganizationCa.Purpose;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.ocsp.OCSPResp;

/** Whatever bytes a client sends, the responder answers with an OCSPResponse and never throws. */
class OcspResponderPropertyTest {
    private static final InMemoryKeyVault VAULT = new InMemoryKeyVault();
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
    private static final OrganizationCa CA = OrganizationCa.ensure(
            VAULT, CLOCK, "acme", "Acme Devices", Set.of(Purpose.IDEVID), OrganizationCaTest.BASE_URL);
    private static final OcspResponder RESPONDER =
            new OcspResponder(VAULT, new CaDirectory().register(CA), new InMemoryStatusSource(), CLOCK);

    private static final byte[] VALID_REQUEST = validRequest();

    @Property
    void arbitraryBytesAreAnsweredWithAParseableResponse(@ForAll @Size(max = 600) byte[] bytes) throws Exception {
        OCSPResp response = new OCSPResp(RESPONDER.respond(bytes));

        assertThat(response.getStatus()).isIn(OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED);
    }

    @Property
    void validRequestWithOneByteChangedIsAnsweredAndNeverAnInternalError(
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value) throws Exception {
        byte[] request = VALID_REQUEST.clone();
        request[position % request.length] = value;

        OCSPResp response = new OCSPResp(RESPONDER.respond(request));

        assertThat(response.getStatus()).isIn(OCSPResp.SUCCESSFUL, OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED);
    }

    private static byte[] validRequest() {
        try {
            return OcspResponderTest.request(
                    new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1),
                    new byte[16],
                    CA.issuer(Purpose.IDEVID),
                    BigInteger.valueOf(1234567));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property
    void arbitraryGetPathsDecodeWithoutThrowing(@ForAll String path) throws Exception {
        OCSPResp response = new OCSPResp(RESPONDER.respond(OcspResponder.decodeGetPath(path)));

        assertThat(response.getStatus()).isIn(OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED);
    }
}
