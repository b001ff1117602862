package io.cosell.shared.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSecretSourceTest {

    @Test
    void readsTheSecretFileTrimmed(@TempDir Path dir) throws Exception {
        // given
        Files.writeString(dir.resolve("entra-client-secret"), "s3cr3t\n");

        // when
        String value = new FileSecretSource(dir).secret("entra-client-secret");

        // then
        assertThat(value).isEqualTo("s3cr3t");
    }

    @Test
    void missingOrEmptySecretSaysWhichAndWhereButNotTheValue(@TempDir Path dir) throws Exception {
        // given
        Files.writeString(dir.resolve("empty"), "  \n");
        FileSecretSource source = new FileSecretSource(dir);

        // then
        assertThatThrownBy(() -> source.secret("absent"))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("secret 'absent' could not be read from " + dir.resolve("absent"));
        assertThatThrownBy(() -> source.secret("empty")).hasMessageContaining("secret 'empty' is empty");
    }
}
