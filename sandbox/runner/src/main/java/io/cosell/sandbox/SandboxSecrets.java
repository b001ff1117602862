package io.cosell.sandbox;

import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.config.ApiProducers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The sandbox's secrets as files in a private folder, the way the functions read secrets outside AWS
 * ({@code cosell.secrets.source=file}). The values are the emulators' public sandbox credentials. The folder is
 * {@code <java.io.tmpdir>/cosell-sandbox-<user>-<Entra port>}, so {@code bin/cosell --sandbox consent} finds it and
 * stores the refresh token where the functions read it.
 */
final class SandboxSecrets {

    private SandboxSecrets() {
    }

    static Path folder(int entraPort) {
        return Path.of(System.getProperty("java.io.tmpdir"),
                "cosell-sandbox-" + System.getProperty("user.name") + "-" + entraPort);
    }

    static Path write(int entraPort) {
        try {
            Path folder = folder(entraPort);
            if (Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || !Files.getOwner(folder).getName().equals(System.getProperty("user.name"))) {
                    throw new IOException(folder + " exists and is not a folder of this user");
                }
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.createDirectory(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
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
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        file.toFile().deleteOnExit();
    }
}
