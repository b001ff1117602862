package io.cosell.emulator.dataverse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseServiceProtectionIT {

    private static DataverseSandbox requestLimited;
    private static DataverseSandbox concurrencyLimited;

    @BeforeAll
    static void start() {
        requestLimited = DataverseSandbox.start(DataverseSettings.defaults().withRequestLimit(5, Duration.ofSeconds(60)));
        concurrencyLimited = DataverseSandbox.start(DataverseSettings.defaults()
                .withConcurrencyLimit(2, Duration.ofMillis(400)));
    }

    @AfterAll
    static void stop() {
        requestLimited.close();
        concurrencyLimited.close();
    }

    @Test
    void requestsPastTheWindowLimitAre429WithRetryAfterWhileOtherCallersGoOn() {
        // given
        for (int i = 0; i < 5; i++) {
            assertThat(requestLimited.get("accounts").statusCode()).isEqualTo(200);
        }

        // when
        HttpResponse<String> throttled = requestLimited.get("accounts");
        HttpResponse<String> otherCaller = requestLimited.as(DataverseSandbox.OTHER_CLIENT).get("accounts");

        // then
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(json(throttled).at("/error/code").asText()).isEqualTo("0x80072322");
        assertThat(json(throttled).at("/error/message").asText())
                .isEqualTo("Number of requests exceeded the limit of 5 over time window of 60 seconds.");
        assertThat(otherCaller.statusCode()).isEqualTo(200);
    }

    @Test
    void requestsPastTheConcurrencyLimitAre429WhileOtherCallersGoOn() throws Exception {
        // given
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();

        // when
        for (int i = 0; i < 6; i++) {
            calls.add(pool.submit(() -> concurrencyLimited.get("accounts")));
        }
        HttpResponse<String> otherCaller = concurrencyLimited.as(DataverseSandbox.OTHER_CLIENT).get("accounts");
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> call : calls) {
            responses.add(call.get());
        }
        pool.shutdown();

        // then
        List<HttpResponse<String>> throttled = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(throttled).isNotEmpty();
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).isNotEmpty();
        assertThat(throttled.getFirst().headers().firstValue("Retry-After")).isPresent();
        assertThat(json(throttled.getFirst()).at("/error/code").asText()).isEqualTo("0x80072326");
        assertThat(json(throttled.getFirst()).at("/error/message").asText())
                .isEqualTo("Number of concurrent requests exceeded the limit of 2.");
        assertThat(otherCaller.statusCode()).isEqualTo(200);
    }
}
