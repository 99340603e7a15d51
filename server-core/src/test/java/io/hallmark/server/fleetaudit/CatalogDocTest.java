package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/fleet-audit.md lists every check of the catalog with its id and severity. */
class CatalogDocTest {
    @Test
    void theDocumentListsEveryCheckWithItsSeverity() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "fleet-audit.md"));
        for (AuditCheck c : AuditCheck.values()) {
            assertThat(doc)
                    .as("docs/fleet-audit.md row of %s", c.id())
                    .contains("| `" + c.id() + "` | " + c.severity().wire() + " | " + c.title() + " |");
        }
    }

    @Test
    void checkIdsAreUniqueAndFindable() {
        for (AuditCheck c : AuditCheck.values()) {
            assertThat(AuditCheck.byId(c.id())).contains(c);
        }
        assertThat(AuditCheck.byId("no.such.check")).isEmpty();
    }
}
