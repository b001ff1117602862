package io.cosell.shared.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FileRefreshTokenStoreTest {

    @Test
    void a_token_redeemed_from_the_stored_version_replaces_it_and_stays_private(@TempDir Path dir) throws Exception {
        // given
        Path file = dir.resolve("partner-center-refresh-token");
        Files.writeString(file, "rt-1\n");
        FileRefreshTokenStore store = new FileRefreshTokenStore(file);
        StoredRefreshToken redeemed = store.load().orElseThrow();

        // when
        boolean replaced = store.replace(redeemed, "rt-2");

        // then
        assertThat(redeemed.value()).isEqualTo("rt-1");
        assertThat(replaced).isTrue();
        assertThat(store.load()).get().extracting(StoredRefreshToken::value).isEqualTo("rt-2");
        assertThat(store.load().orElseThrow().version()).isNotEqualTo(redeemed.version()).doesNotContain("rt-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void a_token_redeemed_from_an_older_version_never_overwrites_the_newer_one(@TempDir Path dir) throws Exception {
        // given two environments that read the same stored token
        Path file = dir.resolve("partner-center-refresh-token");
        Files.writeString(file, "rt-1");
        FileRefreshTokenStore first = new FileRefreshTokenStore(file);
        FileRefreshTokenStore second = new FileRefreshTokenStore(file);
        StoredRefreshToken readByFirst = first.load().orElseThrow();
        StoredRefreshToken readBySecond = second.load().orElseThrow();

        // when both store what they redeemed
        boolean firstStored = first.replace(readByFirst, "rt-from-first");
        boolean secondStored = second.replace(readBySecond, "rt-from-second");

        // then the first write wins and the second is dropped
        assertThat(firstStored).isTrue();
        assertThat(secondStored).isFalse();
        assertThat(Files.readString(file)).isEqualTo("rt-from-first");
    }

    @Test
    void a_new_sign_in_is_saved_over_any_token_and_a_redemption_of_the_old_one_no_longer_replaces_it(@TempDir Path dir)
            throws Exception {
        // given
        Path file = dir.resolve("partner-center-refresh-token");
        Files.writeString(file, "rt-dead");
        FileRefreshTokenStore store = new FileRefreshTokenStore(file);
        StoredRefreshToken dead = store.load().orElseThrow();

        // when
        store.save("rt-consented");

        // then
        assertThat(store.load()).get().extracting(StoredRefreshToken::value).isEqualTo("rt-consented");
        assertThat(store.replace(dead, "rt-from-the-dead-one")).isFalse();
        assertThat(Files.readString(file)).isEqualTo("rt-consented");
    }

    @Test
    void no_file_means_no_token(@TempDir Path dir) {
        // when / then
        assertThat(new FileRefreshTokenStore(dir.resolve("absent")).load()).isEmpty();
        assertThat(new FileRefreshTokenStore(dir.resolve("absent")).storedAt()).isEmpty();
    }

    @Test
    void the_token_was_stored_when_its_file_was_last_written(@TempDir Path dir) throws Exception {
        // given a token written ten days ago
        Path file = dir.resolve("partner-center-refresh-token");
        Files.writeString(file, "rt-1\n");
        Instant tenDaysAgo = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(file, FileTime.from(tenDaysAgo));
        FileRefreshTokenStore store = new FileRefreshTokenStore(file);
        Instant beforeReplacing = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        // when
        Instant old = store.storedAt().orElseThrow();
        store.replace(store.load().orElseThrow(), "rt-2");

        // then
        assertThat(old).isEqualTo(tenDaysAgo);
        assertThat(store.storedAt()).get().satisfies(at -> assertThat(at).isAfterOrEqualTo(beforeReplacing));
    }
}
