package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.protocol.v1.OrganizationView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void everyTableNamesFieldsOfTheWireRecords() {
        // defining a table checks its fields; touching each one runs those checks
        assertThat(List.of(
                        OrgCommand.TABLE,
                        UserCommand.TABLE,
                        TokenCommand.TABLE,
                        AccessCommand.TABLE,
                        WhoamiCommand.TABLE,
                        AuditCommand.ENTRIES,
                        AuditCommand.CHECKPOINTS))
                .doesNotContainNull();
    }

    @Test
    void refusesAFieldTheRecordDoesNotHave() {
        assertThatThrownBy(() -> Table.of(OrganizationView.class).column("X", "colour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field: colour (expected: a component of OrganizationView)");
    }

    @Test
    void rendersNullsListsBooleansAndEpochSecondTimes() throws Exception {
        assertThat(Table.render(null, String.class)).isEqualTo("-");
        assertThat(Table.render(json("null"), String.class)).isEqualTo("-");
        assertThat(Table.render(json("[\"a\",\"b\"]"), List.class)).isEqualTo("a, b");
        assertThat(Table.render(json("[]"), List.class)).isEqualTo("-");
        assertThat(Table.render(json("true"), boolean.class)).isEqualTo("yes");
        assertThat(Table.render(json("1738324800.5"), Instant.class)).isEqualTo("2025-01-31T12:00:00.500Z");
        assertThat(Table.render(json("\"2025-01-31T12:00:00Z\""), Instant.class))
                .isEqualTo("2025-01-31T12:00:00Z");
    }

    @Test
    void cleansControlAndBidiCharacters() {
        assertThat(Table.clean("a\tb\nc\u001b[0m\u202Ed")).isEqualTo("a b c?[0m?d");
    }

    @Test
    void cutsLongCellsInTablesButNotInDetails() throws Exception {
        Table t = Table.of(OrganizationView.class).column("NAME", "name");
        JsonNode row = json("{\"name\":\"" + "x".repeat(100) + "\"}");
        StringWriter rows = new StringWriter();
        StringWriter details = new StringWriter();

        t.printRows(new PrintWriter(rows), List.of(row));
        t.printDetails(new PrintWriter(details), row);

        assertThat(rows.toString().lines().toList().get(1))
                .hasSize(Table.MAX_CELL)
                .endsWith("...");
        assertThat(details.toString()).contains("x".repeat(100));
    }

    @Test
    void emptyListSaysNone() {
        StringWriter out = new StringWriter();

        Table.of(OrganizationView.class).column("ID", "id").printRows(new PrintWriter(out), List.of());

        assertThat(out.toString().strip()).isEqualTo("(none)");
    }
}
