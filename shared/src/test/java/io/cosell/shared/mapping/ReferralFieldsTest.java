package io.cosell.shared.mapping;

import io.cosell.shared.referral.Referral;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReferralFieldsTest {

    @Test
    void customerDetailsAreSnapshottedWithoutNullsAndUnnamedAddressFields() {
        // given: snapshots already stored hold this text, so it must not change
        Referral referral = TestJson.REFERRAL_JSON.read("""
                {"id": "r1", "customerProfile": {"name": "Northwind Traders", "size": "small",
                 "address": {"city": "Dublin", "postalCode": "D02 XY45", "country": "IE", "geo": {"lat": 53}}}}
                """.getBytes(StandardCharsets.UTF_8), Referral.class);

        // when
        Map<String, String> fields = ReferralFields.of(referral, TestJson.REFERRAL_JSON);

        // then
        assertThat(fields.get(ReferralFields.CUSTOMER)).isEqualTo("{\"name\":\"Northwind Traders\","
                + "\"address\":{\"city\":\"Dublin\",\"postalCode\":\"D02 XY45\",\"country\":\"IE\"}}");
    }
}
