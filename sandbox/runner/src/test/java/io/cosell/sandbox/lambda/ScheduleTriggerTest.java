package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ScheduleTriggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void invokes_the_function_every_interval_with_an_eventbridge_scheduled_event() throws IOException {
        // given
        List<byte[]> payloads = new CopyOnWriteArrayList<>();
        FunctionInvoker function = payload -> {
            payloads.add(payload);
            return CompletableFuture.completedFuture(Invocation.success("id", new byte[0], Duration.ZERO));
        };

        // when
        try (ScheduleTrigger ignored = ScheduleTrigger.start(function, "cosell-crm-poll", Duration.ofMillis(100), "eu-west-1")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> payloads.size() >= 3);
        }

        // then
        JsonNode event = JSON.readTree(payloads.getFirst());
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(event.path("resources").get(0).asText()).isEqualTo("arn:aws:events:eu-west-1:000000000000:rule/cosell-crm-poll");
        assertThat(event.path("detail").isObject()).isTrue();
        assertThat(Instant.parse(event.path("time").asText()).getNano()).isZero();
        assertThat(event.path("id").asText()).isNotEqualTo(JSON.readTree(payloads.get(1)).path("id").asText());
    }

    @Test
    void an_eventbridge_scheduler_schedule_sends_its_fixed_input_every_interval() {
        // given
        List<byte[]> payloads = new CopyOnWriteArrayList<>();
        FunctionInvoker function = payload -> {
            payloads.add(payload);
            return CompletableFuture.completedFuture(Invocation.success("id", new byte[0], Duration.ZERO));
        };

        // when
        try (ScheduleTrigger ignored = ScheduleTrigger.withInput(function, "cosell-crm-poll", Duration.ofMillis(100),
                "{\"source\":\"schedule\"}")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> payloads.size() >= 2);
        }

        // then
        assertThat(payloads).extracting(payload -> new String(payload, StandardCharsets.UTF_8))
                .allMatch("{\"source\":\"schedule\"}"::equals);
    }
}
