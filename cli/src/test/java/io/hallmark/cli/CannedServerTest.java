package io.hallmark.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of commands against a {@link CannedServer}, with a token file holding {@link #TOKEN}. */
abstract class CannedServerTest {
    static final String TOKEN = "hm1.tok_1.s3cret";

    @TempDir
    Path dir;

    CannedServer server;
    Path token;

    @BeforeEach
    void startServer() throws IOException {
        server = new CannedServer();
        token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Runs the command with {@code --url} and {@code --token-file} of the canned server appended. */
    Cli.Result run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--url";
        all[args.length + 1] = server.url();
        all[args.length + 2] = "--token-file";
        all[args.length + 3] = token.toString();
        return Cli.run(all);
    }
}
