package io.hallmark.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The server's logic knows no HTTP, JDBC, MQTT or key-storage technology: those live in their edge modules. */
class LayeringTest {
    private final JavaClasses logic = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hallmark.server");

    @Test
    void serverLogicUsesNoTransportOrStorageLibrary() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.javalin..",
                        "org.eclipse.jetty..",
                        "jakarta.servlet..",
                        "java.sql..",
                        "javax.sql..",
                        "com.zaxxer..",
                        "org.h2..",
                        "org.postgresql..",
                        "org.flywaydb..",
                        "org.eclipse.paho..",
                        "com.hivemq..",
                        "io.moquette..")
                .because("server-core holds the logic; transport and storage are edge modules")
                .check(logic);
    }

    @Test
    void featuresDoNotReachIntoEdgeModules() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.hallmark.server.http..",
                        "io.hallmark.store..",
                        "io.hallmark.keys..",
                        "io.hallmark.server.app..")
                .check(logic);
    }
}
