package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceListCommandTest extends CannedServerTest {

    @Test
    void deviceListSendsEveryFilterAsAQueryParameterEncoded() {
        server.json("GET", "/api/v1/devices", 200, "{\"items\":[],\"nextCursor\":null}");

        Cli.Result r = run(
                "device",
                "list",
                "--state",
                "active",
                "--integrity",
                "unknown",
                "--product",
                "prd_1",
                "--firmware",
                "2.0.1+b7",
                "--tag",
                "site=berlin");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery())
                .isEqualTo("/api/v1/devices?state=active&integrity=unknown&product=prd_1&firmware=2.0.1%2Bb7"
                        + "&tag=site%3Dberlin");
    }

    @Test
    void deviceListWithoutFiltersSendsNone() {
        server.json("GET", "/api/v1/devices", 200, "{\"items\":[],\"nextCursor\":null}");

        Cli.Result r = run("device", "list");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/devices");
    }
}
