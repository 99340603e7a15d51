package io.hallmark.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a device looks for its releases: the server files a model of other characters under its product id. */
class UpdateCheckDirectoryTest {
    @Test
    void aModelOfTheTargetPathCharactersIsItsOwnDirectory() {
        assertThat(UpdateCheck.directory("cam-200", Optional.of("prd_1"))).contains("cam-200");
        assertThat(UpdateCheck.directory("cam-200", Optional.empty())).contains("cam-200");
    }

    @Test
    void aModelOfOtherCharactersIsFoundUnderTheProductIdOnly() {
        assertThat(UpdateCheck.directory("Cam 200/EU", Optional.of("prd_01hx"))).contains("prd_01hx");
        assertThat(UpdateCheck.directory("Kamera ü", Optional.empty())).isEmpty();
        assertThat(UpdateCheck.directory("x".repeat(65), Optional.of("prd_2"))).contains("prd_2");
        assertThat(UpdateCheck.directory("a b", Optional.of("bad/id"))).isEmpty();
    }
}
