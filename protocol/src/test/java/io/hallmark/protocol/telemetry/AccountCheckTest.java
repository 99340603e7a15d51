package io.hallmark.protocol.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountCheckTest {
    private static final DefaultCredentials LIST = DefaultCredentials.builtIn();

    private static String v2(String acc) {
        return new String(TelemetrySamples.typical(), StandardCharsets.UTF_8)
                .replace("\"v\":1", "\"v\":2")
                .replace("\"ev\":[]}", "\"ev\":[]" + (acc.isEmpty() ? "" : ",\"acc\":" + acc) + "}");
    }

    private static TelemetryException refused(String json) {
        TelemetryException e = catchThrowableOfType(
                TelemetryException.class, () -> TelemetryCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    @Test
    void theBuiltInListHoldsTheSixtyDistinctMiraiPairsAndHasAStableId() {
        assertThat(LIST.entries()).hasSize(60);
        assertThat(LIST.entries().stream()
                        .map(e -> e.user() + "\t" + e.password())
                        .distinct())
                .hasSize(60);
        assertThat(LIST.find("mirai-04")).map(DefaultCredentials.Entry::user).contains("admin");
        assertThat(LIST.listId()).matches("[0-9a-f]{16}");
        assertThat(LIST.find("mirai-04").get().toString())
                .doesNotContain("\tadmin")
                .isEqualTo("mirai-04 (admin)");
    }

    @Test
    void anAccountWithADefaultPasswordMatchesItsEntryAndNothingElseIsReported() {
        Map<String, String> shadow = Map.of("root", "xc3511", "admin", "a-unique-long-password", "ops", "admin");
        TelemetryReport.AccountCheck c = LIST.check(
                List.of("root", "admin", "ops"),
                (user, candidate) -> DefaultCredentials.sameSecret(shadow.get(user), candidate));
        assertThat(c.checked()).isEqualTo(3);
        assertThat(c.matches()).containsExactly(new TelemetryReport.AccountMatch("root", "mirai-01"));
        assertThat(c.list()).isEqualTo(LIST.listId());
        String json = new String(
                TelemetryCodec.encode(AccountChecks.with(TelemetrySamples.typicalReport(), c)), StandardCharsets.UTF_8);
        assertThat(json)
                .endsWith(",\"acc\":{\"l\":\"" + LIST.listId()
                        + "\",\"n\":3,\"m\":[{\"u\":\"root\",\"e\":\"mirai-01\"}]}}")
                .doesNotContain("xc3511")
                .doesNotContain("a-unique-long-password");
    }

    @Test
    void uniqueCredentialsReportNoMatch() {
        TelemetryReport.AccountCheck c =
                LIST.check(List.of("root"), (u, p) -> DefaultCredentials.sameSecret("s3cret!", p));
        assertThat(c.matches()).isEmpty();
        assertThat(c.checked()).isEqualTo(1);
    }

    @Test
    void aVersion2ReportWithOrWithoutAnAccountCheckDecodes() {
        String acc = "{\"l\":\"0123456789abcdef\",\"n\":2,\"m\":[{\"u\":\"root\",\"e\":\"mirai-01\"}]}";
        TelemetryReport r = TelemetryCodec.decode(v2(acc).getBytes(StandardCharsets.UTF_8));
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.accounts()).hasValueSatisfying(a -> assertThat(a.matches()).hasSize(1));
        assertThat(TelemetryCodec.decode(v2("").getBytes(StandardCharsets.UTF_8))
                        .accounts())
                .isEmpty();
    }

    @Test
    void badAccountChecksAreRefusedByName() {
        String v1 = new String(TelemetrySamples.typical(), StandardCharsets.UTF_8)
                .replace("\"ev\":[]}", "\"ev\":[],\"acc\":{\"l\":\"0123456789abcdef\",\"n\":0,\"m\":[]}}");
        assertThat(refused(v1).getMessage()).startsWith("telemetry.field.unknown acc: not in schema v1");
        assertThat(refused(v2("{\"l\":\"0123\",\"n\":0,\"m\":[]}")).reason())
                .isEqualTo(TelemetryException.FIELD_SYNTAX);
        assertThat(refused(v2("{\"l\":\"0123456789abcdef\",\"n\":0,\"m\":[{\"u\":\"root\",\"e\":\"mirai-01\"}]}"))
                        .getMessage())
                .contains("acc.m: 1 entries (expected: at most acc.n: 0)");
        assertThat(refused(v2("{\"l\":\"0123456789abcdef\",\"n\":1,\"m\":[{\"u\":\"a b\",\"e\":\"mirai-01\"}]}"))
                        .getMessage())
                .startsWith("telemetry.field.syntax acc.m[0].u");
        assertThat(refused(v2("{\"l\":\"0123456789abcdef\",\"m\":[]}")).getMessage())
                .startsWith("telemetry.field.missing acc.n");
        assertThat(refused(v2("[]")).reason()).isEqualTo(TelemetryException.FIELD_TYPE);
        String many = "{\"u\":\"root\",\"e\":\"mirai-01\"},".repeat(17);
        assertThat(refused(v2("{\"l\":\"0123456789abcdef\",\"n\":100,\"m\":[" + many.substring(0, many.length() - 1)
                                + "]}"))
                        .reason())
                .isEqualTo(TelemetryException.LIST_SIZE);
    }
}
