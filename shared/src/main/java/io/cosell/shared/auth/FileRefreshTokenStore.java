package io.cosell.shared.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The refresh token in a local file readable by its owner only (0600), for the sandbox. Saving writes a new file and
 * renames it over the old one, so a crash never leaves half a token behind.
 */
public final class FileRefreshTokenStore implements RefreshTokenStore {

    private final Path file;

    public FileRefreshTokenStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<String> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the refresh token file " + file, e);
        }
    }

    @Override
    public synchronized void save(String refreshToken) {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.deleteIfExists(next);
            createOwnerOnly(next);
            Files.writeString(next, refreshToken, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the refresh token file " + file, e);
        }
    }

    private static void createOwnerOnly(Path path) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another writer is saving " + path, e);
            }
        } else {
            Files.createFile(path);
        }
    }
}
