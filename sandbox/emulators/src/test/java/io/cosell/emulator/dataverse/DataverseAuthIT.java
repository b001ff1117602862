package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseAuthIT {

    private static DataverseSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void requestWithoutTokenIsRejectedWithAnODataError() {
        // when
        HttpResponse<String> response = sandbox.getWithAuthorization("accounts", null);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isNotEmpty();
        assertThat(error.get("message").asText()).contains("Bearer");
    }

    @Test
    void unknownTokenIsRejected() {
        // when
        HttpResponse<String> response = sandbox.getWithAuthorization("accounts", "Bearer made-up-token");

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).at("/error/message").asText()).contains("not valid");
    }

    @Test
    void tokenForAnotherAudienceIsRejected() {
        // given
        String partnerCenterToken = sandbox.fetchToken("sandbox", "https://api.partner.microsoft.com/.default");

        // when
        HttpResponse<String> response = sandbox.getWithAuthorization("accounts", "Bearer " + partnerCenterToken);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).at("/error/message").asText()).contains("audience");
    }

    @Test
    void tokenForTheEnvironmentIsAccepted() {
        // given
        String token = sandbox.fetchToken("sandbox", "https://sandbox.crm.dynamics.com/.default");

        // when
        HttpResponse<String> response = sandbox.getWithAuthorization("transactioncurrencies", "Bearer " + token);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("OData-Version")).contains("4.0");
    }

    @Test
    void controlEndpointsNeedNoToken() {
        // when
        HttpResponse<String> response = sandbox.control("GET", "/_sandbox/requests/count", null);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("total")).isTrue();
    }
}
