package io.cosell.shared.crm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlternateKeyTest {

    @Test
    void keyValuesAreQuotedWithDoubledQuotesAndEncoded() {
        assertThat(HttpDataverseClient.alternateKey("cosell_referralid", "O'Brien Co"))
                .isEqualTo("cosell_referralid='O''Brien%20Co'");
        assertThat(HttpDataverseClient.alternateKey("cosell_referralid", "3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10"))
                .isEqualTo("cosell_referralid='3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10'");
    }

    @Test
    void valuesDataverseCannotAddressAreRefused() {
        assertThatThrownBy(() -> HttpDataverseClient.alternateKey("cosell_referralid", "a/b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpDataverseClient.alternateKey("cosell_referralid", "a&b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpDataverseClient.alternateKey("bad column", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
