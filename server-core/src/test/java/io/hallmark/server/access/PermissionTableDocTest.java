package io.hallmark.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/access.md shows the permission table as the code has it; this test keeps the two in step. */
class PermissionTableDocTest {
    static final String BEGIN = "<!-- permission-table:begin -->";
    static final String END = "<!-- permission-table:end -->";

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("| permission | scope |");
        for (Role r : Role.values()) {
            sb.append(' ').append(r.wireName()).append(" |");
        }
        sb.append('\n').append("|---|---|");
        sb.append("---|".repeat(Role.values().length)).append('\n');
        for (Permission p : Permission.values()) {
            sb.append("| `")
                    .append(p.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .append("` | ");
            sb.append(p.scope().name().toLowerCase(Locale.ROOT)).append(" |");
            for (Role r : Role.values()) {
                sb.append(PermissionTable.grantsOf(r).contains(p) ? " yes |" : " |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void accessDocumentShowsThePermissionTableOfTheCode() throws IOException {
        Path doc = Path.of("..", "docs", "access.md");
        String text = Files.readString(doc);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertThat(from).as("markers in docs/access.md").isNotNegative();
        assertThat(to).isGreaterThan(from);
        String shown = text.substring(from + BEGIN.length(), to).strip();
        assertThat(shown)
                .as("replace the table in docs/access.md with:%n%s", render())
                .isEqualTo(render().strip());
    }
}
