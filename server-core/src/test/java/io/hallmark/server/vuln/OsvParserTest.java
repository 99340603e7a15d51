package io.hallmark.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OsvParserTest {
    static final String GOOD = """
            {"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0001"],
             "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]}""";

    private static ImportResult<Advisory> parse(String json) {
        return OsvParser.parse(json.getBytes(StandardCharsets.UTF_8), "t.json");
    }

    private static String bad(String replaceWhat, String with) {
        return GOOD.replace(replaceWhat, with);
    }

    @Test
    void readsARecord() {
        ImportResult<Advisory> r = parse(GOOD);
        assertThat(r.refused()).isEmpty();
        Advisory a = r.accepted().getFirst();
        assertThat(a.id()).isEqualTo("GHSA-aaaa-bbbb-cccc");
        assertThat(a.aliases()).containsExactly("CVE-2024-0001");
        assertThat(a.affected().getFirst().ranges().getFirst().events()).hasSize(2);
        assertThat(a.exploited()).isFalse();
    }

    @Test
    void refusesBadRecordsOneByOneAndKeepsTheRest() {
        String doc = "[" + GOOD + "," + bad("\"introduced\": \"0\"", "\"limit\": \"0\"") + ","
                + bad("\"fixed\": \"1.3.0\"", "\"fixed\": \"0\"") + "," + bad("\"type\": \"SEMVER\"", "\"type\": \"X\"")
                + "," + bad("\"name\": \"left-pad\"", "\"nam\": \"left-pad\"") + "," + bad("\"modified\"", "\"m\"")
                + ",42]";
        ImportResult<Advisory> r = parse(doc);
        assertThat(r.accepted()).hasSize(1);
        assertThat(r.refused()).hasSize(6);
        assertThat(r.refused().get(0))
                .startsWith("t.json[1] (GHSA-aaaa-bbbb-cccc): ")
                .contains("no introduced");
        assertThat(r.refused().get(1)).contains("more than one event");
        assertThat(r.refused().get(2)).contains("expected: SEMVER, ECOSYSTEM, GIT");
        assertThat(r.refused().get(3)).contains("needs both ecosystem and name");
        assertThat(r.refused().get(4)).contains("modified: missing");
        assertThat(r.refused().get(5)).contains("not an object");
    }

    @Test
    void refusesFixedWithLastAffectedAndGitWithoutRepo() {
        assertThat(parse(bad("{\"fixed\": \"1.3.0\"}", "{\"fixed\": \"1.3.0\"}, {\"last_affected\": \"1.2.0\"}"))
                        .refused())
                .singleElement()
                .asString()
                .contains("mutually exclusive");
        assertThat(parse(bad("\"SEMVER\"", "\"GIT\"")).refused())
                .singleElement()
                .asString()
                .contains("repo");
    }

    @Test
    void notJsonIsOneRefusal() {
        assertThat(parse("{").refused()).containsExactly("t.json: not well-formed JSON");
        assertThat(parse("{\"id\": 1, \"id\": 2}").refused()).containsExactly("t.json: not well-formed JSON");
    }

    @Test
    void exploitedWhenCisaKevReferencedOrFlagged() {
        String kev = GOOD.replace(
                "\"aliases\"",
                "\"references\": [{\"type\": \"WEB\", \"url\":"
                        + " \"https://www.cisa.gov/known-exploited-vulnerabilities-catalog\"}], \"aliases\"");
        assertThat(parse(kev).accepted().getFirst().exploited()).isTrue();
        String flag = GOOD.replace("\"aliases\"", "\"database_specific\": {\"known_exploited\": true}, \"aliases\"");
        assertThat(parse(flag).accepted().getFirst().exploited()).isTrue();
    }
}
