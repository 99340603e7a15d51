package io.hallmark.server.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.URL;

/**
 * Configures logging from Hallmark's own {@code hallmark-logback.xml}, found by Logback through {@code
 * META-INF/services}: the embedded MQTT broker's library ships a {@code logback.xml} of its own, and which of two
 * {@code logback.xml} files Logback takes depends on the class path's order. A {@code logback.configurationFile}
 * property, or a {@code logback-test.xml} in tests, still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Created by Logback's service loader. */
    public LogConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        URL own = loader.getResource("hallmark-logback.xml");
        if (own == null
                || System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(own);
        } catch (JoranException e) {
            // Logback records the problem in its status list and prints it; its defaults apply
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
