package io.hallmark.store.jdbc;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides the two runs of an {@link EachStore} test and their {@link JdbcDatabase} or {@link StoreFixture}. */
final class EachStoreExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EachStore.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> m.isAnnotationPresent(EachStore.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(new Run(StoreFixture.Kind.H2), new Run(StoreFixture.Kind.POSTGRESQL));
    }

    /** One run: its name, the availability check and the parameter it provides. */
    private record Run(StoreFixture.Kind kind) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + kind.label + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Availability(kind), new Resolver(kind));
        }
    }

    /** Skips (or fails) the PostgreSQL run before anything else when there is no PostgreSQL. */
    private record Availability(StoreFixture.Kind kind) implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            if (kind == StoreFixture.Kind.POSTGRESQL) {
                StoreFixture.checkPostgresConfigured();
            }
        }
    }

    /** Makes one fixture per test run, kept in the run's store so that JUnit closes it afterwards. */
    private record Resolver(StoreFixture.Kind kind) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == JdbcDatabase.class || type == StoreFixture.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            StoreFixture fixture = context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent("fixture", key -> StoreFixture.create(kind), StoreFixture.class);
            return parameter.getParameter().getType() == JdbcDatabase.class ? fixture.database() : fixture;
        }
    }
}
