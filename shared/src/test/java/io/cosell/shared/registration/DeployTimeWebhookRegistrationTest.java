package io.cosell.shared.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.shared.testsupport.StubHttpServer;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.usecase.CustomResourceRequest;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The custom resource protocol with CloudFormation's documented request events (Create, Update, Delete; fixtures under
 * {@code events/}), a local HTTP server standing in for the pre-signed ResponseURL, and Terraform's CRUD payloads.
 */
class DeployTimeWebhookRegistrationTest {

    private static final String RESPONSE_PATH = "/cfn-response";
    private static final URI FIRST_URL = URI.create("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/");
    private static final URI SECOND_URL = URI.create("https://zyxwvutsrqponmlkjihgfedcba543210.lambda-url.eu-west-1.on.aws/");
    private static final Deadline DEADLINE = new Deadline(Instant.now().plusSeconds(120));

    private StubHttpServer responseUrl;
    private RecordingRegistrar registrar;
    private DeployTimeWebhookRegistration registration;

    @BeforeEach
    void start() {
        responseUrl = StubHttpServer.start().answer(RESPONSE_PATH, 200, Map.of(), new byte[0]);
        registrar = new RecordingRegistrar();
        registration = new DeployTimeWebhookRegistration(registrar, HttpClient.newHttpClient(), TestJson.MAPPER);
    }

    @AfterEach
    void stop() {
        responseUrl.close();
    }

    @Test
    void create_registers_and_validates_the_url_and_answers_success_with_a_stable_physical_id() {
        // given
        CustomResourceRequest create = request("cloudformation-create.json");

        // when
        RegistrationReport report = registration.answer(create, DEADLINE);

        // then
        assertThat(registrar.validated).containsExactly(FIRST_URL);
        assertThat(report.registered()).isTrue();
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo(DeployTimeWebhookRegistration.PHYSICAL_RESOURCE_ID);
        assertThat(answer.path("StackId").asText()).isEqualTo("arn:aws:cloudformation:eu-west-1:123456789012:stack/cosell-staging/guid");
        assertThat(answer.path("RequestId").asText()).isEqualTo("unique id for this create request");
        assertThat(answer.path("LogicalResourceId").asText()).isEqualTo("WebhookRegistration");
        assertThat(answer.path("Data").path("WebhookUrl").asText()).isEqualTo(FIRST_URL.toString());
        assertThat(answer.path("Data").path("Message").asText()).isEqualTo("registered " + FIRST_URL);
    }

    @Test
    void the_answer_is_a_put_without_content_type_within_4096_bytes() {
        // given
        registrar.failure = new IllegalStateException("x".repeat(10_000));

        // when
        registration.answer(request("cloudformation-create.json"), DEADLINE);

        // then
        StubHttpServer.Recorded put = responseUrl.requests(RESPONSE_PATH).getFirst();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.headers().getOrDefault("Content-Type", "")).isEmpty();
        assertThat(put.body().length).isLessThanOrEqualTo(4096);
    }

    @Test
    void update_registers_the_new_url_and_keeps_the_physical_id_so_nothing_is_replaced() {
        // when
        registration.answer(request("cloudformation-update.json"), DEADLINE);

        // then
        assertThat(registrar.validated).containsExactly(SECOND_URL);
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("partner-center-webhook-registration");
        assertThat(answer.path("RequestId").asText()).isEqualTo("unique id for this update request");
    }

    @Test
    void a_failed_registration_answers_failed_with_the_reason() {
        // given
        registrar.failure = new IllegalStateException("The webhook is registered with Partner Center, but its "
                + "validation event 42 got no answer in time.");

        // when
        RegistrationReport report = registration.answer(request("cloudformation-create.json"), DEADLINE);

        // then
        assertThat(report.registered()).isFalse();
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).isEqualTo(registrar.failure.getMessage());
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo(DeployTimeWebhookRegistration.PHYSICAL_RESOURCE_ID);
    }

    @Test
    void a_create_without_webhook_url_answers_failed_and_says_which_property_is_missing() {
        // given
        CustomResourceRequest create = request("cloudformation-create.json");
        CustomResourceRequest withoutUrl = new CustomResourceRequest(create.requestType(), create.responseUrl(),
                create.stackId(), create.requestId(), create.logicalResourceId(), null, null);

        // when
        registration.answer(withoutUrl, DEADLINE);

        // then
        assertThat(registrar.validated).isEmpty();
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).contains("WebhookUrl");
    }

    @Test
    void delete_answers_success_and_leaves_the_partner_center_registration_alone() {
        // given
        registrar.failure = new IllegalStateException("Partner Center is down");

        // when
        RegistrationReport report = registration.answer(request("cloudformation-delete.json"), DEADLINE);

        // then
        assertThat(registrar.validated).isEmpty();
        assertThat(report.message()).startsWith("left the Partner Center webhook registration as it is");
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("partner-center-webhook-registration");
    }

    @Test
    void delete_answers_success_even_for_a_request_it_cannot_read() {
        // given
        CustomResourceRequest delete = request("cloudformation-delete.json");
        CustomResourceRequest unreadable = new CustomResourceRequest("Delete", delete.responseUrl(), delete.stackId(),
                delete.requestId(), delete.logicalResourceId(), null, null);

        // when
        registration.answer(unreadable, DEADLINE);

        // then
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isNotBlank();
    }

    @Test
    void an_unknown_request_type_answers_failed_instead_of_leaving_the_stack_waiting() {
        // given
        CustomResourceRequest create = request("cloudformation-create.json");
        CustomResourceRequest odd = new CustomResourceRequest("Replace", create.responseUrl(), create.stackId(),
                create.requestId(), create.logicalResourceId(), null, create.webhookUrl());

        // when
        registration.answer(odd, DEADLINE);

        // then
        JsonNode answer = onlyAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).contains("Create, Update or Delete");
    }

    @Test
    void a_response_url_that_refuses_the_answer_fails_the_invocation() {
        // given
        responseUrl.answer(RESPONSE_PATH, 403, Map.of(), "<Error>SignatureDoesNotMatch</Error>".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> registration.answer(request("cloudformation-create.json"), DEADLINE))
                .hasMessageContaining("HTTP 403");
        assertThat(responseUrl.requests(RESPONSE_PATH)).hasSize(3);
    }

    @Test
    void terraform_create_and_update_register_and_validate_the_url_of_the_input() {
        // given
        JsonNode create = fixture("terraform-create.json");
        JsonNode update = fixture("terraform-update.json");

        // when
        registration.terraform(create.path("tf").path("action").asText(), URI.create(create.path("url").asText()), DEADLINE);
        registration.terraform(update.path("tf").path("action").asText(), URI.create(update.path("url").asText()), DEADLINE);

        // then
        assertThat(registrar.validated).containsExactly(FIRST_URL, SECOND_URL);
    }

    @Test
    void terraform_delete_leaves_the_registration_alone() {
        // given
        JsonNode delete = fixture("terraform-delete.json");

        // when
        RegistrationReport report = registration.terraform(delete.path("tf").path("action").asText(),
                URI.create(delete.path("url").asText()), DEADLINE);

        // then
        assertThat(registrar.validated).isEmpty();
        assertThat(report.registered()).isFalse();
        assertThat(report.message()).startsWith("left the Partner Center webhook registration as it is");
    }

    @Test
    void a_failed_terraform_registration_fails_the_invocation_with_the_reason() {
        // given
        registrar.failure = new IllegalStateException("validation event 7 was answered Unauthorized");

        // when / then
        assertThatThrownBy(() -> registration.terraform("create", FIRST_URL, DEADLINE))
                .hasMessage("validation event 7 was answered Unauthorized");
    }

    private JsonNode onlyAnswer() {
        List<StubHttpServer.Recorded> answers = responseUrl.requests(RESPONSE_PATH);
        assertThat(answers).hasSize(1);
        try {
            return TestJson.MAPPER.readTree(answers.getFirst().body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CustomResourceRequest request(String name) {
        JsonNode event = fixture(name);
        JsonNode properties = event.path("ResourceProperties");
        return new CustomResourceRequest(event.path("RequestType").asText(), responseUrl.url(RESPONSE_PATH),
                event.path("StackId").asText(), event.path("RequestId").asText(),
                event.path("LogicalResourceId").asText(), event.path("PhysicalResourceId").asText(null),
                properties.has("WebhookUrl") ? URI.create(properties.path("WebhookUrl").asText()) : null);
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = DeployTimeWebhookRegistrationTest.class.getResourceAsStream("/events/" + name)) {
            return TestJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the URLs it registered and validated; throws {@link #failure} when set. */
    private static final class RecordingRegistrar implements WebhookRegistrar {

        final List<URI> validated = new ArrayList<>();
        RuntimeException failure;

        @Override
        public RegistrationReport register(URI url) {
            throw new AssertionError("deploy-time registration must validate");
        }

        @Override
        public RegistrationReport registerAndValidate(URI url, Deadline deadline) {
            if (failure != null) {
                throw failure;
            }
            validated.add(url);
            return new RegistrationReport(true, url, List.of("referral-created"), "registered " + url);
        }

        @Override
        public RegistrationReport show() {
            throw new AssertionError("not used");
        }
    }
}
