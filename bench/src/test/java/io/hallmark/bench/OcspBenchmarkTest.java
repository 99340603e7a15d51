package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;

class OcspBenchmarkTest {
    @Test
    void aSmallFleetIsCachedAndNonceRequestsAreSignedEachTime() throws Exception {
        OcspBenchmark bench = new OcspBenchmark();
        bench.fleet = 200;
        bench.open();
        try {
            OcspBenchmark.Fleet fleet = new OcspBenchmark.Fleet();
            fleet.fill(bench);
            byte[] good = bench.responder().respond(fleet.requestFor(7));
            assertThat(bench.responder().respond(fleet.requestFor(7)))
                    .as("served from the cache")
                    .isEqualTo(good);
            assertThat(new OCSPResp(good).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            BasicOCSPResp revoked =
                    (BasicOCSPResp) new OCSPResp(bench.responder().respond(fleet.requestFor(100))).getResponseObject();
            assertThat(revoked.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);

            assertThat(new OCSPResp(bench.cached(fleet)).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            assertThat(new OCSPResp(bench.nonce()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            assertThat(new OCSPResp(bench.nonceAudited()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        } finally {
            bench.close();
        }
    }
}
