package io.cosell.shared.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSetupTest {

    record Sample(String name, Instant at, OffsetDateTime local, String missing) {
    }

    record WithOptional(Optional<String> note) {
    }

    private final ObjectMapper json = JsonSetup.newMapper();

    @Test
    void writesIsoDatesAndLeavesNullsOut() throws Exception {
        // given
        Sample sample = new Sample("a", Instant.parse("2026-03-01T10:15:30Z"),
                OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)), null);

        // when
        String text = json.writeValueAsString(sample);

        // then
        assertThat(text).isEqualTo("{\"name\":\"a\",\"at\":\"2026-03-01T10:15:30Z\","
                + "\"local\":\"2026-03-01T12:00:00+02:00\"}");
    }

    @Test
    void readsWithTheOffsetAsSentAndIgnoresUnknownProperties() throws Exception {
        // given
        String text = "{\"name\":\"a\",\"local\":\"2026-03-01T12:00:00+02:00\",\"addedLater\":{\"x\":1}}";

        // when
        Sample sample = json.readValue(text, Sample.class);

        // then
        assertThat(sample.local().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(sample.name()).isEqualTo("a");
    }

    @Test
    void keepsNullsInsideTreesSoACrmColumnCanBeCleared() throws Exception {
        // given
        ObjectNode columns = json.createObjectNode().put("name", "a").putNull("estimatedclosedate");

        // when
        String text = json.writeValueAsString(columns);

        // then
        assertThat(text).isEqualTo("{\"name\":\"a\",\"estimatedclosedate\":null}");
    }

    @Test
    void knowsOptionalsAsQuarkusMapperDoes() throws Exception {
        // when
        String text = json.writeValueAsString(new WithOptional(Optional.of("n")));

        // then
        assertThat(text).isEqualTo("{\"note\":\"n\"}");
    }
}
