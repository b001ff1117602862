package io.cosell.functions.registration;

import io.cosell.shared.usecase.CustomResourceRequest;
import io.cosell.shared.usecase.DeployTimeRegistration;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Posts direct-invoke payloads to the Lambda mock event server. */
@QuarkusTest
class RegistrationFunctionTest {

    private static final URI FUNCTION_URL = URI.create("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/");
    private static final String RESPONSE_URL = "https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/presigned";
    private static final List<String> EVENTS = List.of("referral-created", "referral-updated");

    @InjectMock
    WebhookRegistrar registrar;

    @InjectMock
    DeployTimeRegistration deployTime;

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

    @Test
    void a_cloudformation_request_goes_to_the_deploy_time_registration_with_its_documented_fields() throws IOException {
        // given
        when(deployTime.answer(any(), any())).thenReturn(new RegistrationReport(true, FUNCTION_URL, EVENTS, "registered"));

        // when
        JsonPath report = invoke(customResource("/events/cloudformation-update.json")).then().statusCode(200)
                .extract().jsonPath();

        // then
        ArgumentCaptor<CustomResourceRequest> request = ArgumentCaptor.forClass(CustomResourceRequest.class);
        verify(deployTime).answer(request.capture(), any());
        assertThat(request.getValue()).isEqualTo(new CustomResourceRequest("Update", URI.create(RESPONSE_URL),
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/cosell-staging/guid",
                "unique id for this update request", "WebhookRegistration", "partner-center-webhook-registration",
                URI.create("https://zyxwvutsrqponmlkjihgfedcba543210.lambda-url.eu-west-1.on.aws/")));
        assertThat(report.getString("message")).isEqualTo("registered");
        verify(registrar, never()).register(any());
    }

    @Test
    void create_and_delete_requests_reach_the_deploy_time_registration_too() throws IOException {
        // given
        when(deployTime.answer(any(), any())).thenReturn(new RegistrationReport(false, FUNCTION_URL, List.of(), "kept"));

        // when
        invoke(customResource("/events/cloudformation-create.json")).then().statusCode(200);
        invoke(customResource("/events/cloudformation-delete.json")).then().statusCode(200);

        // then
        ArgumentCaptor<CustomResourceRequest> requests = ArgumentCaptor.forClass(CustomResourceRequest.class);
        verify(deployTime, times(2)).answer(requests.capture(), any());
        assertThat(requests.getAllValues()).extracting(CustomResourceRequest::requestType).containsExactly("Create", "Delete");
        assertThat(requests.getAllValues()).extracting(CustomResourceRequest::webhookUrl).containsOnly(FUNCTION_URL);
    }

    @Test
    void terraform_crud_payloads_pass_their_action_and_url() throws IOException {
        // given
        when(deployTime.terraform(any(), any(), any())).thenReturn(new RegistrationReport(true, FUNCTION_URL, EVENTS, "ok"));
        URI second = URI.create("https://zyxwvutsrqponmlkjihgfedcba543210.lambda-url.eu-west-1.on.aws/");

        // when
        invoke(fixture("/events/terraform-create.json")).then().statusCode(200);
        invoke(fixture("/events/terraform-update.json")).then().statusCode(200);
        invoke(fixture("/events/terraform-delete.json")).then().statusCode(200);

        // then
        verify(deployTime).terraform(eq("create"), eq(FUNCTION_URL), any());
        verify(deployTime).terraform(eq("update"), eq(second), any());
        verify(deployTime).terraform(eq("delete"), eq(second), any());
        verify(registrar, never()).register(any());
    }

    @Test
    void a_failed_terraform_registration_fails_the_invocation_with_its_reason() throws IOException {
        // given
        when(deployTime.terraform(any(), any(), any()))
                .thenThrow(new IllegalStateException("validation event 7 was answered Unauthorized"));

        // when
        Response response = invoke(fixture("/events/terraform-create.json"));

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage")).endsWith("validation event 7 was answered Unauthorized");
    }

    private static String customResource(String name) throws IOException {
        return fixture(name).replace("{{ResponseURL}}", RESPONSE_URL);
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
