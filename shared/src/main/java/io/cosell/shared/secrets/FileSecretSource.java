package io.cosell.shared.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets as files in one folder, one file per secret name (the sandbox writes them; never committed). */
public final class FileSecretSource implements SecretSource {

    private final Path folder;

    public FileSecretSource(Path folder) {
        this.folder = folder;
    }

    @Override
    public String secret(String name) {
        Path file = folder.resolve(name);
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (value.isEmpty()) {
                throw new MissingSecretException("secret '" + name + "' is empty in " + file);
            }
            return value;
        } catch (IOException e) {
            throw new MissingSecretException("secret '" + name + "' could not be read from " + file, e);
        }
    }
}
