package io.cosell.shared.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The refresh token in a local file readable by its owner only (0600), for the sandbox. Its version is a digest of
 * the content. A replacement holds an OS file lock on {@code <file>.lock} (shared by every process, so the sandbox's
 * execution environments, each its own JVM, take turns), checks that the file still holds the redeemed token, then
 * writes a new file and renames it over the old one, so a crash never leaves half a token behind.
 */
public final class FileRefreshTokenStore implements RefreshTokenStore {

    private final Path file;

    public FileRefreshTokenStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<StoredRefreshToken> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(new StoredRefreshToken(token, digest(token)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the refresh token file " + file, e);
        }
    }

    /** The file's last modification: a token is only ever written whole, by renaming a new file over it. */
    @Override
    public Optional<Instant> storedAt() {
        try {
            return Files.exists(file) ? Optional.of(Files.getLastModifiedTime(file).toInstant()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the refresh token file " + file, e);
        }
    }

    @Override
    public synchronized boolean replace(StoredRefreshToken redeemed, String rotated) {
        return write(rotated, () -> load().map(redeemed::equals).orElse(false));
    }

    /**
     * Stores a token from a new sign-in (an admin's consent) whatever the file holds: the next redemption by any
     * execution environment uses it.
     */
    public synchronized void save(String token) {
        write(token, () -> true);
    }

    private boolean write(String token, java.util.function.BooleanSupplier stillCurrent) {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!stillCurrent.getAsBoolean()) {
                    return false;
                }
                Path next = file.resolveSibling(file.getFileName() + ".next");
                Files.deleteIfExists(next);
                createOwnerOnly(next);
                Files.writeString(next, token, StandardCharsets.UTF_8);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the refresh token file " + file, e);
        }
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
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
