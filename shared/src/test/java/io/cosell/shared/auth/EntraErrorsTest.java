package io.cosell.shared.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Entra's OAuth error answers, as its documentation shows them, turned into exceptions. */
class EntraErrorsTest {

    private static final EntraTokenSettings SETTINGS = new EntraTokenSettings(URI.create("https://login.example"),
            "tenant", "client", "secret", EntraTokenSettings.PARTNER_REFERRALS_SCOPE);

    @ParameterizedTest
    @CsvSource({"700082,EXPIRED", "50173,REVOKED", "50076,MFA_REQUIRED", "50078,MFA_REQUIRED", "9002313,INVALID"})
    void every_invalid_grant_is_a_terminal_sign_in_expiry_with_its_reason(int code, SignInExpiredException.Reason reason)
            throws Exception {
        // given
        JsonNode body = TestJson.MAPPER.readTree("""
                {"error": "invalid_grant", "error_description": "AADSTS%d: the grant is no longer valid.\\r\\nTrace ID: x",
                 "error_codes": [%d]}""".formatted(code, code));

        // when
        EntraAuthException e = EntraErrors.explain(400, body, SETTINGS);

        // then
        assertThat(e).isInstanceOf(SignInExpiredException.class);
        SignInExpiredException expired = (SignInExpiredException) e;
        assertThat(expired.reason()).isEqualTo(reason);
        assertThat(expired.aadsts()).hasValue(code);
        assertThat(expired.notice()).startsWith("Partner Center sign-in expired: an admin must sign in again (AADSTS"
                + code + ": ");
    }

    @Test
    void the_code_is_read_from_the_description_when_the_list_is_missing() throws Exception {
        // given
        JsonNode body = TestJson.MAPPER.readTree("""
                {"error": "invalid_grant", "error_description": "AADSTS50173: The provided grant has expired."}""");

        // when
        EntraAuthException e = EntraErrors.explain(400, body, SETTINGS);

        // then
        assertThat(((SignInExpiredException) e).reason()).isEqualTo(SignInExpiredException.Reason.REVOKED);
    }

    @Test
    void other_errors_are_not_terminal_sign_in_expiries() throws Exception {
        // given
        JsonNode body = TestJson.MAPPER.readTree("{\"error\": \"invalid_client\", \"error_codes\": [7000215]}");

        // when
        EntraAuthException e = EntraErrors.explain(401, body, SETTINGS);

        // then
        assertThat(e).isNotInstanceOf(SignInExpiredException.class);
        assertThat(SignInExpiredException.in(new RuntimeException(e))).isEmpty();
    }
}
