package io.cosell.shared.webhook;

import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookEventTest {

    private static WebhookEvent parse(String json) {
        return WebhookEvent.parse(TestJson.MAPPER, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reads_the_documented_payload() {
        // when
        WebhookEvent event = parse("""
                {"EventName":"referral-updated",
                 "ResourceUri":"https://api.partnercenter.microsoft.com/engagements/v1/referrals/3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10",
                 "ResourceName":"referral","AuditUri":null,"ResourceChangeUtcDate":"2018-02-17T00:05:39.5485487+00:00"}""");

        // then
        assertThat(event.eventName()).isEqualTo("referral-updated");
        assertThat(event.referralId()).contains("3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10");
        assertThat(event.changeDate()).isEqualTo(Instant.parse("2018-02-17T00:05:39.548548700Z"));
    }

    @Test
    void reads_camel_case_names_and_a_date_without_offset_as_utc() {
        // when
        WebhookEvent event = parse("""
                {"eventName":"referral-created","resourceUri":"https://x.test/engagements/v1/referrals/42/",
                 "resourceChangeUtcDate":"2025-03-05T14:02:10"}""");

        // then
        assertThat(event.referralId()).contains("42");
        assertThat(event.changeDate()).isEqualTo(Instant.parse("2025-03-05T14:02:10Z"));
    }

    @Test
    void missing_or_unreadable_change_date_is_unknown() {
        assertThat(parse("{\"EventName\":\"referral-created\",\"ResourceUri\":\"https://x.test/r/1\"}")
                .changeDateIfKnown()).isEmpty();
        assertThat(parse("{\"EventName\":\"referral-created\",\"ResourceUri\":\"https://x.test/r/1\","
                + "\"ResourceChangeUtcDate\":\"yesterday\"}").changeDateIfKnown()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://x.test/engagements/v1/referrals/..", "https://x.test/", "not a uri",
            "https://x.test/referrals/a%2Fb"})
    void resource_uri_without_a_plain_last_segment_names_no_referral(String resourceUri) {
        // when
        WebhookEvent event = new WebhookEvent("referral-updated", resourceUri, null);

        // then
        assertThat(event.referralId()).isEmpty();
    }

    @Test
    void body_that_is_not_json_is_refused() {
        assertThatThrownBy(() -> parse("{\"EventName\": ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("body is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"EventName\":\"referral-created\"}", "{\"ResourceUri\":\"https://x.test/r/1\"}",
            "[\"referral-created\"]", "\"referral-created\"", "{\"EventName\":\" \",\"ResourceUri\":\"https://x.test/r/1\"}"})
    void notification_without_event_name_or_resource_uri_is_refused(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EventName and ResourceUri are required");
    }
}
