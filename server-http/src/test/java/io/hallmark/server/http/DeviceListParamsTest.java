package io.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.attestation.Integrity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.DeviceFilter;
import io.hallmark.server.identity.DeviceState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DeviceListParamsTest {

    @Test
    void everyParameterBecomesItsCondition() {
        DeviceListParams p = DeviceListParams.parse(Map.of(
                "state", "Active",
                "integrity", "unknown",
                "product", "prd_01",
                "firmware", "2.0.1-rc.1+b7",
                "tag", "site=berlin:north")::get);

        assertThat(p.filter())
                .isEqualTo(new DeviceFilter(
                        Optional.of(DeviceState.ACTIVE),
                        Optional.of("prd_01"),
                        Optional.of("2.0.1-rc.1+b7"),
                        Optional.of(new DeviceFilter.Tag("site", "berlin:north")),
                        Optional.empty()));
        assertThat(p.integrity()).contains(Integrity.UNKNOWN);
    }

    @Test
    void absentOrBlankParametersSetNoCondition() {
        Map<String, String> blank = Map.of("state", "", "integrity", " ", "product", "", "tag", "");

        assertThat(DeviceListParams.parse(blank::get).filter()).isEqualTo(DeviceFilter.ANY);
        assertThat(DeviceListParams.parse(name -> null).integrity()).isEmpty();
    }

    @Test
    void malformedValuesAreRefusedNamingTheParameter() {
        Map<String, String> bad = Map.of(
                "state", "sleeping",
                "integrity", "fine",
                "product", "prd 1",
                "firmware", "1.0 beta",
                "tag", "site");
        bad.forEach((name, value) -> assertThatThrownBy(() -> DeviceListParams.parse(Map.of(name, value)::get))
                .as(name)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(name + ":"));
        assertThatThrownBy(() -> DeviceListParams.parse(Map.of("tag", "Site=berlin")::get))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> DeviceListParams.parse(Map.of("tag", "site=")::get))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theQueryStringKeepsTheFilterForTheNextPage() {
        Map<String, String> q = Map.of("tag", "site=berlin", "firmware", "2.0.1+b7", "q", "ignored");

        assertThat(DeviceListParams.query(q::get)).isEqualTo("firmware=2.0.1%2Bb7&tag=site%3Dberlin&");
        assertThat(DeviceListParams.query(name -> null)).isEmpty();
    }

    @Property(tries = 3000)
    void anyParametersGiveAFilterOrAreRefusedWithAMessage(
            @ForAll("names") String name, @ForAll("values") String value, @ForAll("values") String other) {
        Map<String, String> params = new HashMap<>();
        params.put(name, value);
        params.put("tag", other);
        try {
            DeviceListParams p = DeviceListParams.parse(params::get);
            assertThat(p.filter()).isNotNull();
        } catch (InvalidRequestException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400);
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("state", "integrity", "product", "firmware", "tag", "other");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("a-z0-9=._:/@+- ").ofMaxLength(80),
                Arbitraries.of("site=berlin", "active", "unknown", "2.0.1", "prd_1", "=", "a=", "=b"));
    }
}
