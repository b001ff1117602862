package io.cosell.functions.registration;

import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Posts direct-invoke payloads to the Lambda mock event server. */
@QuarkusTest
class RegistrationFunctionTest {

    private static final URI FUNCTION_URL = URI.create("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/");
    private static final List<String> EVENTS = List.of("referral-created", "referral-updated");

    @InjectMock
    WebhookRegistrar registrar;

    @Test
    void register_hands_the_url_to_the_registrar_and_returns_its_report() throws IOException {
        // given
        when(registrar.register(FUNCTION_URL)).thenReturn(new RegistrationReport(true, FUNCTION_URL, EVENTS, "registered"));

        // when
        JsonPath report = invoke(fixture("/events/invoke-register.json")).then().statusCode(200).extract().jsonPath();

        // then
        verify(registrar).register(FUNCTION_URL);
        assertThat(report.getBoolean("registered")).isTrue();
        assertThat(report.getString("webhookUrl")).isEqualTo(FUNCTION_URL.toString());
        assertThat(report.getList("webhookEvents", String.class)).containsExactlyElementsOf(EVENTS);
        assertThat(report.getString("message")).isEqualTo("registered");
    }

    @Test
    void show_returns_the_registrars_view() throws IOException {
        // given
        when(registrar.show()).thenReturn(new RegistrationReport(true, FUNCTION_URL, EVENTS, "current registration"));

        // when
        JsonPath report = invoke(fixture("/events/invoke-show.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getString("webhookUrl")).isEqualTo(FUNCTION_URL.toString());
        assertThat(report.getString("message")).isEqualTo("current registration");
    }

    @Test
    void an_unknown_action_fails_the_invocation_with_a_clear_message() {
        // when
        Response response = invoke("{\"action\":\"delete\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .endsWith("\"action\" must be \"register\" or \"show\", was: delete");
    }

    @Test
    void a_missing_action_fails_the_invocation_with_a_clear_message() {
        // when
        Response response = invoke("{}");

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .endsWith("\"action\" is missing: it must be \"register\" or \"show\"");
    }

    @Test
    void register_without_url_fails_the_invocation_and_registers_nothing() {
        // when
        Response response = invoke("{\"action\":\"register\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage")).endsWith("action \"register\" needs a \"url\"");
        verify(registrar, never()).register(any());
    }

    private static Response invoke(String payload) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(payload).when().post();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = RegistrationFunctionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
