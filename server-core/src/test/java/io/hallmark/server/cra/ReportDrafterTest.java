package io.hallmark.server.cra;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.v1.CraReportView;
import io.hallmark.protocol.v1.VulnExposureView;
import io.hallmark.server.update.Release;
import io.hallmark.server.vuln.AdvisoryRating;
import io.hallmark.server.vuln.ReleaseExposure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Reports are drafted from what the platform knows, and say what it does not. */
class ReportDrafterTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static Release release(String id, String version, Instant at) {
        return new Release(
                id,
                "org_1",
                "prd_1",
                "gw-7",
                version,
                "gw-7/" + version + "/fw.bin",
                "0".repeat(64),
                10,
                Optional.of("1".repeat(64)),
                new TreeMap<>(),
                List.of(),
                true,
                Release.State.PUBLISHED,
                "usr_1",
                at,
                Optional.empty());
    }

    static ReleaseExposure exposure(Release affected, Optional<Release> fix, long devices, boolean exploited) {
        VulnExposureView.Release r = new VulnExposureView.Release(
                affected.id(),
                affected.productModel(),
                affected.version(),
                List.of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
                devices,
                fix.map(Release::version).orElse(null));
        VulnExposureView.Advisory a = new VulnExposureView.Advisory(
                "GHSA-jfh8-c2jp-5v3q",
                List.of("CVE-2021-44228"),
                "Remote code injection in Log4j",
                exploited,
                List.of(r),
                List.of());
        AdvisoryRating rating = new AdvisoryRating(
                List.of("CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H (base score 10.0)"),
                Optional.of(10.0),
                "critical");
        return new ReleaseExposure(affected, a, r, fix, rating);
    }

    @Test
    void aVulnerabilityReportNamesProductsVersionsDevicesAdvisoryCvssAndTheFix() {
        Release old = release("rel_1", "1.0.0", NOW.minusSeconds(86_400 * 30));
        Release fixed = release("rel_2", "1.1.0", NOW.minusSeconds(3600));
        CraCase c = DeadlinesTest.vulnerability(Optional.of(fixed.publishedAt()));
        CraReportView r = ReportDrafter.draft(new ReportDrafter.Input(
                c,
                CraStage.EARLY_WARNING,
                "Vulnerable Devices",
                NOW,
                Deadlines.of(c, Map.of()),
                List.of(exposure(old, Optional.of(fixed), 42, true)),
                Optional.empty(),
                List.of(new CraFacts.Rollout("rol_1", "rel_2", "RUNNING", 42, 10, 1))));
        assertThat(r.schema()).isEqualTo("hallmark-cra-report/1");
        assertThat(r.status()).isEqualTo("draft");
        assertThat(r.stage()).isEqualTo("early-warning");
        assertThat(r.due()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(r.vulnerability().advisory()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
        assertThat(r.vulnerability().aliases()).containsExactly("CVE-2021-44228");
        assertThat(r.vulnerability().exploited()).isTrue();
        assertThat(r.vulnerability().baseScore()).isEqualTo(10.0);
        assertThat(r.vulnerability().severity()).isEqualTo("critical");
        assertThat(r.products())
                .containsExactly(new CraReportView.Product(
                        "gw-7", "1.0.0", "rel_1", 42, List.of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")));
        assertThat(r.devices()).isEqualTo(42);
        assertThat(r.countries()).isEqualTo("unknown");
        assertThat(r.mitigations())
                .singleElement()
                .asString()
                .contains("gw-7 1.1.0")
                .contains("rel_2");
        assertThat(r.rollouts())
                .containsExactly(new CraReportView.Rollout("rol_1", "rel_2", "1.1.0", "running", 42, 10, 1));
        assertThat(r.notes()).anyMatch(n -> n.contains("no location of devices"));
        assertThat(r.requirements()).contains("Art. 14(2)(a)");
    }

    @Test
    void withoutAFixTheReportSaysSoAndWithoutExploitationItWarns() {
        Release old = release("rel_1", "1.0.0", NOW.minusSeconds(86_400));
        CraCase c = DeadlinesTest.vulnerability(Optional.empty());
        CraReportView r = ReportDrafter.draft(new ReportDrafter.Input(
                c,
                CraStage.FINAL,
                "Vulnerable Devices",
                NOW,
                Deadlines.of(c, Map.of()),
                List.of(exposure(old, Optional.empty(), 3, false)),
                Optional.empty(),
                List.of()));
        assertThat(r.due()).isNull();
        assertThat(r.mitigations()).isEmpty();
        assertThat(r.rollouts()).isEmpty();
        assertThat(r.notes())
                .anyMatch(n -> n.contains("no published release of gw-7 fixes it yet"))
                .anyMatch(n -> n.contains("actively exploited"))
                .anyMatch(n -> n.contains("root cause"));
    }

    @Test
    void anIncidentReportCountsTheIncidentsDevicesByProduct() {
        CraCase c = DeadlinesTest.incident();
        CraFacts.Incident i = new CraFacts.Incident(
                "inc_1",
                "org_1",
                "FLEET",
                "198.51.100.7:443/tcp",
                "CRITICAL",
                "OPEN",
                NOW.minusSeconds(600),
                12,
                7,
                List.of(new CraFacts.ProductCount("gw-7", 5), new CraFacts.ProductCount("unknown", 2)));
        CraReportView r = ReportDrafter.draft(new ReportDrafter.Input(
                c,
                CraStage.NOTIFICATION,
                "Owner",
                NOW,
                Deadlines.of(c, Map.of()),
                List.of(),
                Optional.of(i),
                List.of()));
        assertThat(r.kind()).isEqualTo("incident");
        assertThat(r.incident().kind()).isEqualTo("fleet");
        assertThat(r.incident().severity()).isEqualTo("critical");
        assertThat(r.incident().alerts()).isEqualTo(12);
        assertThat(r.devices()).isEqualTo(7);
        assertThat(r.products()).extracting(CraReportView.Product::product).containsExactly("gw-7", "unknown");
        assertThat(r.products()).extracting(CraReportView.Product::version).containsOnly("unknown");
        assertThat(r.vulnerability()).isNull();
        assertThat(r.due()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(r.requirements()).contains("Art. 14(4)(b)");
    }
}
