package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The public label status answers any label id and any Accept header without a server error. */
class LabelVerifyFuzzIT {
    private static TestServer server;

    @BeforeContainer
    static void startServer() {
        server = TestServer.givenServer(Store.H2);
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Property(tries = 300)
    void anyLabelIdAndAcceptHeaderIsAnsweredWithoutAServerError(
            @ForAll("labelIds") String id, @ForAll("accepts") String accept, @ForAll("suffixes") String suffix) {
        String path = "/verify/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + suffix;
        Api.Response r = server.api().getAccepting(path, accept.isEmpty() ? null : accept);
        assertThat(r.status()).as("%s %s: %s", path, accept, r).isLessThan(500);
    }

    @Provide
    Arbitrary<String> labelIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings()
                        .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                        .ofLength(20)
                        .map(s -> "lbl_" + s),
                Arbitraries.of("lbl_", "lbl_00000000000000000000", "..", "%00", "lbl_AAAAAAAAAAAAAAAAAAAA/../x"));
    }

    @Provide
    Arbitrary<String> accepts() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "application/json",
                        "text/html",
                        "*/*",
                        "application/json;q=0.1, text/html",
                        "image/png",
                        "application/xml"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(120));
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.of("", "/qr.svg", "/qr.png", "/label.svg", "/");
    }
}
