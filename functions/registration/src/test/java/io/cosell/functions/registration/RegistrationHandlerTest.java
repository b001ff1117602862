package io.cosell.functions.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Posts direct-invoke payloads to the Lambda mock event server. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrationHandlerTest {

    private static final String FUNCTION_URL = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/";

    @Inject
    RecordingWebhookRegistrar registrar;

    @Test
    @Order(1)
    void register_hands_the_url_to_the_registrar_and_returns_its_report() throws IOException {
        // when
        JsonPath report = invoke(fixture("/events/invoke-register.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(registrar.registered()).containsExactly(URI.create(FUNCTION_URL));
        assertThat(report.getBoolean("registered")).isTrue();
        assertThat(report.getString("webhookUrl")).isEqualTo(FUNCTION_URL);
        assertThat(report.getList("webhookEvents", String.class)).containsExactly("referral-created", "referral-updated");
    }

    @Test
    @Order(2)
    void show_returns_the_registrars_view() throws IOException {
        // when
        JsonPath report = invoke(fixture("/events/invoke-show.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getString("webhookUrl")).isEqualTo(FUNCTION_URL);
        assertThat(report.getString("message")).isEqualTo("current registration");
    }

    @Test
    void an_unknown_action_fails_the_invocation_with_a_clear_message() {
        // when
        Response response = invoke("{\"action\":\"delete\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .isEqualTo("\"action\" must be \"register\" or \"show\", was: delete");
    }

    @Test
    void register_without_url_fails_the_invocation() {
        // when
        Response response = invoke("{\"action\":\"register\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage")).isEqualTo("action \"register\" needs a \"url\"");
    }

    private static Response invoke(String payload) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(payload).when().post();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = RegistrationHandlerTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
