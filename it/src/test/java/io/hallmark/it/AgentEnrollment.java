package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.agent.Agent;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A device added through the API by {@code who} (its product named) and enrolled over EST by the Java agent with the
 * one-time secret, its identity files under {@code stateRoot/<serial>}, on the server's clock.
 */
final class AgentEnrollment {
    private AgentEnrollment() {}

    static Agent enrolled(TestServer server, Actor who, String serial, String productId, Path stateRoot)
            throws IOException {
        Api.Response added =
                server.api().post("/api/v1/devices", who.token(), Map.of("serial", serial, "product", productId));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        Agent agent = Agent.builder()
                .stateDirectory(Files.createDirectories(stateRoot.resolve(serial)))
                .server(URI.create(
                        "https://127.0.0.1:" + server.server().devicePort().orElseThrow()))
                .trustAnchor(server.dataDir().resolve("trust/platform-ca.pem"))
                .serial(serial)
                .clock(server.clock())
                .build();
        agent.enroll(added.json().get("enrollmentSecret").asText());
        return agent;
    }
}
