package io.cosell.shared.schema;

import io.cosell.shared.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataRetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final MetadataRetry retry = new MetadataRetry(5, Duration.ofSeconds(2), Duration.ofSeconds(5), waits::add);

    @Test
    void aCustomizationLockIsWaitedOutWithGrowingPauses() {
        // given
        AtomicInteger calls = new AtomicInteger();

        // when
        String result = retry.call(() -> {
            if (calls.incrementAndGet() < 4) {
                throw new ApiException(429, "0x80071151", "Cannot start another [EntityCustomization] because there is a previous [EntityCustomization] running", null);
            }
            return "created";
        }, false);

        // then
        assertThat(result).isEqualTo("created");
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
    }

    @Test
    void aNotFoundIsRetriedOnlyWhenItCanBeTheMetadataCache() {
        // given
        AtomicInteger calls = new AtomicInteger();
        ApiException notFound = new ApiException(404, "0x80060888", "Could not find entity", null);

        // when / then
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw notFound;
        }, false)).isSameAs(notFound);
        assertThat(calls).hasValue(1);
        assertThat(retry.call(() -> calls.incrementAndGet() < 3 ? fail(notFound) : "seen", true)).isEqualTo("seen");
    }

    @Test
    void anotherErrorIsNotRetriedAndAPersistentLockGivesUpAfterTheLastAttempt() {
        // given
        ApiException validation = new ApiException(400, "0x80044331", "A validation error occurred.", null);
        ApiException lock = new ApiException(500, "0x80040216", "An unexpected error occurred.", null);

        // when / then
        assertThatThrownBy(() -> retry.call(() -> fail(validation), true)).isSameAs(validation);
        assertThatThrownBy(() -> retry.call(() -> fail(lock), false)).isSameAs(lock);
        assertThat(waits).hasSize(4);
    }

    private static String fail(ApiException e) {
        throw e;
    }
}
