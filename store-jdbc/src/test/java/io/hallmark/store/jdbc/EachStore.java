package io.hallmark.store.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once on each store: H2 in a fresh temporary directory, then PostgreSQL in a fresh schema. The test
 * method takes a {@link JdbcDatabase} parameter, opened and migrated for it, closed and removed after it.
 *
 * <p>PostgreSQL comes from {@code HALLMARK_TEST_PG_URL} (the test script starts one). Without it the PostgreSQL run
 * is skipped and says why, unless {@code HALLMARK_REQUIRE_PG=1}, which makes it fail.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EachStoreExtension.class)
public @interface EachStore {}
