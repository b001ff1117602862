package io.cosell.shared.webhook;

import io.cosell.shared.usecase.WebhookDelivery;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookDeliveryTest {

    @Test
    void looks_headers_up_case_insensitively() {
        // when
        WebhookDelivery delivery = new WebhookDelivery(Map.of("x-ms-signature", "Signature abc"), new byte[]{1}, Instant.EPOCH);

        // then
        assertThat(delivery.header("X-MS-Signature")).contains("Signature abc");
        assertThat(delivery.header("authorization")).isEmpty();
    }

    @Test
    void decodes_a_base64_body_and_keeps_a_text_body_as_utf8() {
        // given
        String body = "{\"EventName\":\"referral-created\",\"x\":\"é\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        // when
        WebhookDelivery encoded = WebhookDelivery.decoding(Map.of(), Base64.getEncoder().encodeToString(bytes), true, Instant.EPOCH);
        WebhookDelivery text = WebhookDelivery.decoding(Map.of(), body, false, Instant.EPOCH);
        WebhookDelivery none = WebhookDelivery.decoding(Map.of(), null, false, Instant.EPOCH);

        // then
        assertThat(encoded.body()).isEqualTo(bytes);
        assertThat(text.body()).isEqualTo(bytes);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void body_marked_base64_that_is_not_is_refused() {
        assertThatThrownBy(() -> WebhookDelivery.decoding(Map.of(), "{not base64}", true, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
