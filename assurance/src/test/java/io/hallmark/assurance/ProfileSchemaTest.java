package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keeps the published JSON Schema and the records the reader binds to in step. */
class ProfileSchemaTest {
    private static final Path SCHEMA = Path.of("..", "docs", "assurance", "profile.schema.json");

    @ParameterizedTest
    @ValueSource(strings = {"camera", "industrial-controller", "insulin-pump"})
    void exampleMatchesThePublishedSchema(String name) throws Exception {
        JsonNode profile = new ObjectMapper(new YAMLFactory())
                .readTree(Workspace.EXAMPLES.resolve(name + ".yaml").toFile());

        assertThat(schema().validate(profile)).extracting(Error::getMessage).isEmpty();
    }

    @Test
    void schemaRefusesWhatTheReaderRefuses() throws Exception {
        JsonNode profile = new ObjectMapper(new YAMLFactory())
                .readTree(ProfileReaderTest.MINIMAL
                        .replace("confidentiality: 3", "confidentiality: 9")
                        .replace("  vertical: consumer\n", "  vertical: consumer\n  colour: red\n"));

        assertThat(schema().validate(profile))
                .extracting(e -> e.getInstanceLocation().toString())
                .containsExactlyInAnyOrder("/product", "/assets/0/value/confidentiality");
    }

    private static Schema schema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA), InputFormat.JSON);
    }

    @Test
    void rootPropertiesAreTheProfileFields() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());

        assertThat(names(schema.get("properties"))).isEqualTo(fields(Profile.class));
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void everyNestedRecordHasADefinitionWithItsFields() throws Exception {
        JsonNode defs = new ObjectMapper().readTree(SCHEMA.toFile()).get("$defs");
        List<String> records = new ArrayList<>();
        for (Class<?> c : Profile.class.getDeclaredClasses()) {
            if (c.isRecord()) {
                records.add(c.getSimpleName());
                assertThat(defs.has(c.getSimpleName()))
                        .as("$defs/%s", c.getSimpleName())
                        .isTrue();
                assertThat(names(defs.get(c.getSimpleName()).get("properties")))
                        .as("$defs/%s properties", c.getSimpleName())
                        .isEqualTo(fields(c));
                assertThat(defs.get(c.getSimpleName())
                                .get("additionalProperties")
                                .asBoolean(true))
                        .isFalse();
            }
        }
        assertThat(names(defs)).isEqualTo(new TreeSet<>(records));
    }

    @Test
    void attackPotentialLevelsAreTheCatalogs() throws Exception {
        JsonNode factors = new ObjectMapper().readTree(SCHEMA.toFile()).at("/$defs/Factors/properties");
        for (String factor : AttackPotentialTable.FACTOR_IDS) {
            List<String> levels = new ArrayList<>();
            factors.get(factor).get("enum").forEach(n -> levels.add(n.asText()));
            assertThat(levels).as(factor).isEqualTo(AssessmentTool.attackPotentialLevels(factor));
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> fields(Class<?> record) {
        var snake = (PropertyNamingStrategies.SnakeCaseStrategy) PropertyNamingStrategies.SNAKE_CASE;
        Set<String> out = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            out.add(snake.translate(c.getName()));
        }
        return out;
    }
}
