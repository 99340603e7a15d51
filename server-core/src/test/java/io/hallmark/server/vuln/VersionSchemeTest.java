package io.hallmark.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionSchemeTest {
    /** The versions are listed in ascending order; shuffled and sorted they come back in that order. */
    private static void ordered(VersionScheme s, String... ascending) {
        List<String> v = new ArrayList<>(List.of(ascending));
        Collections.reverse(v);
        v.sort(s.comparator());
        assertThat(v).containsExactly(ascending);
    }

    @Test
    void semverFollowsSpecPrecedenceExample() {
        // semver.org §11.4's example
        ordered(
                VersionScheme.SEMVER,
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "2.0.0",
                "2.1.0",
                "2.1.1",
                "10.0.0");
    }

    @Test
    void semverIgnoresBuildMetadataAndAcceptsGoPrefix() {
        assertThat(SemVer.compare("1.0.0+build.1", "1.0.0")).isZero();
        assertThat(SemVer.compare("v1.6.0", "1.5.9")).isPositive();
        assertThat(SemVer.compare("v0.0.0-20200101000000-abcdefabcdef", "v0.0.1"))
                .isNegative();
    }

    @Test
    void semverRefusesWhatIsNotSemver() {
        assertThatThrownBy(() -> SemVer.compare("1.0", "1.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SemVer.compare("01.0.0", "1.0.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mavenOrdersQualifiersAndNumbers() {
        ordered(
                VersionScheme.MAVEN,
                "1-alpha-1",
                "1.0-beta",
                "1.0-m1",
                "1.0-rc1",
                "1.0-SNAPSHOT",
                "1.0",
                "1.0-sp",
                "1.0-xyz",
                "1.0.1",
                "1.1",
                "1.10",
                "2.0");
        assertThat(MavenVersion.compare("1.0.0", "1")).isZero();
        assertThat(MavenVersion.compare("1.0-ga", "1.0-final")).isZero();
        assertThat(MavenVersion.compare("2.5.23", "2.5.3")).isPositive();
    }

    @Test
    void pep440OrdersDevPrePostAndEpoch() {
        // PEP 440 "Summary of permitted suffixes and relative ordering"
        ordered(
                VersionScheme.PEP440,
                "1.0.dev456",
                "1.0a1",
                "1.0a2.dev456",
                "1.0a12",
                "1.0b1",
                "1.0b2.post345",
                "1.0rc1",
                "1.0",
                "1.0.post456.dev34",
                "1.0.post456",
                "1.1.dev1",
                "2!0.1");
        assertThat(Pep440Version.compare("1.0", "1.0.0")).isZero();
        assertThat(Pep440Version.compare("1.0-ALPHA1", "1.0a1")).isZero();
        assertThat(Pep440Version.compare("1.0-1", "1.0.post1")).isZero();
        assertThatThrownBy(() -> Pep440Version.compare("1.0~x", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemesChosenPerRangeTypeAndEcosystem() {
        assertThat(VersionScheme.forRange("SEMVER", "anything")).contains(VersionScheme.SEMVER);
        assertThat(VersionScheme.forRange("ECOSYSTEM", "npm")).contains(VersionScheme.SEMVER);
        assertThat(VersionScheme.forRange("ECOSYSTEM", "Maven")).contains(VersionScheme.MAVEN);
        assertThat(VersionScheme.forRange("ECOSYSTEM", "PyPI")).contains(VersionScheme.PEP440);
        assertThat(VersionScheme.forRange("ECOSYSTEM", "Alpine:v3.8")).isEmpty();
        assertThat(VersionScheme.forRange("GIT", "")).isEmpty();
    }
}
