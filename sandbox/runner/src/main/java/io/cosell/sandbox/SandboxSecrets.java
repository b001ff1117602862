package io.cosell.sandbox;

import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.config.ApiProducers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The sandbox's secrets as files in a private temporary folder, the way the functions read secrets outside AWS
 * ({@code cosell.secrets.source=file}). The values are the emulators' public sandbox credentials.
 */
final class SandboxSecrets {

    private SandboxSecrets() {
    }

    static Path write() {
        try {
            Path folder = Files.createTempDirectory("cosell-sandbox-secrets",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            writeSecret(folder, ApiProducers.ENTRA_CLIENT_SECRET, EntraSettings.SANDBOX_CLIENT_SECRET);
            writeSecret(folder, ApiProducers.PARTNER_CENTER_REFRESH_TOKEN, EntraSettings.SANDBOX_REFRESH_TOKEN);
            // the functions rotate the refresh token in place (FileRefreshTokenStore's lock and next file)
            for (String helper : new String[] {".lock", ".next"}) {
                folder.resolve(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN + helper).toFile().deleteOnExit();
            }
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox secrets", e);
        }
    }

    private static void writeSecret(Path folder, String name, String value) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        file.toFile().deleteOnExit();
    }
}
