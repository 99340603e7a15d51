package io.hallmark.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A device never links server code: the agent's class path (its pom) holds no server module. */
class LayeringTest {
    @Test
    void noServerModuleIsOnTheAgentsClassPath() {
        for (String serverClass : new String[] {
            "io.hallmark.server.identity.EnrollmentService",
            "io.hallmark.server.http.EstRoutes",
            "io.hallmark.server.app.HallmarkServer",
            "io.hallmark.keys.Pkcs12FileVault",
            "io.hallmark.store.jdbc.JdbcDatabase",
            "io.javalin.Javalin"
        }) {
            assertThatThrownBy(() -> Class.forName(serverClass)).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
