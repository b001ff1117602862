package io.cosell.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxOptionsTest {

    @Test
    void defaultsAreTheDocumentedFixedPorts() {
        // when
        SandboxOptions options = SandboxOptions.parse();

        // then
        assertThat(options.ports()).isEqualTo(new SandboxPorts(7100, 7101, 7102, 7103, 7104, 7105, 7106));
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everyPortAndThePollIntervalCanBeSet() {
        // when
        SandboxOptions options = SandboxOptions.parse("--receiver-port=8100", "--partner-center-port=8101",
                "--dataverse-port=8102", "--entra-port=8103", "--dynamodb-port=0", "--sqs-port=8105",
                "--health-port=8106", "--poll-interval=5", "--functions-dir=elsewhere");

        // then
        assertThat(options.ports()).isEqualTo(new SandboxPorts(8100, 8101, 8102, 8103, 0, 8105, 8106));
        assertThat(options.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.functionsDir()).isEqualTo(Path.of("elsewhere"));
    }

    @Test
    void noSchemaStartsDataverseWithoutTheConnectorsSchema() {
        // when
        SandboxOptions plain = SandboxOptions.parse();
        SandboxOptions empty = SandboxOptions.parse("--no-schema");

        // then
        assertThat(plain.connectorSchema()).isTrue();
        assertThat(empty.connectorSchema()).isFalse();
        assertThat(SandboxOptions.USAGE).contains("--no-schema");
    }

    @Test
    void badInputIsExplained() {
        assertThatThrownBy(() -> SandboxOptions.parse("--receiver-port=http"))
                .hasMessageContaining("--receiver-port needs a port number");
        assertThatThrownBy(() -> SandboxOptions.parse("--poll-interval=0"))
                .hasMessageContaining("--poll-interval needs a positive number of seconds");
        assertThatThrownBy(() -> SandboxOptions.parse("--colour=blue"))
                .hasMessageContaining("unknown option(s): --colour=blue");
    }
}
