package io.cosell.emulator.dataverse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code $batch} with change sets (fact sheet 4.6), as the multipart text a client sends. */
class DataverseBatchIT {

    private static final String BATCH = "batch_it";
    private static final String CHANGE_SET = "changeset_it";
    private static DataverseSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.control("POST", "/_sandbox/reset", null);
    }

    @Test
    void a_change_set_creates_related_records_in_one_request_with_content_id_references() {
        // given an account and a contact bound to it by "$1"
        String body = batch(
                part(1, "POST /api/data/v9.2/accounts HTTP/1.1", null, "{\"name\":\"Batch Foods\"}"),
                part(2, "POST /api/data/v9.2/contacts HTTP/1.1", null,
                        "{\"lastname\":\"Byrne\",\"parentcustomerid_account@odata.bind\":\"$1\"}"));

        // when
        HttpResponse<String> response = send(body);
        long requests = json(sandbox.control("GET", "/_sandbox/requests/count", null)).get("total").asLong();

        // then: one request for the service protection limits and the request count
        assertThat(requests).isEqualTo(1);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/mixed; boundary=batchresponse_");
        assertThat(response.body()).contains("--changesetresponse_").contains("Content-ID: 1").contains("HTTP/1.1 204 No Content")
                .contains("OData-EntityId: ");
        String account = json(sandbox.get("accounts?$filter=name%20eq%20'Batch%20Foods'")).at("/value/0/accountid").asText();
        assertThat(json(sandbox.get("contacts?$filter=lastname%20eq%20'Byrne'")).at("/value/0/_parentcustomerid_value").asText())
                .isEqualTo(account);
    }

    @Test
    void a_failed_change_set_writes_nothing_and_the_batch_answers_the_failure() {
        // given a contact that exists already and a change set that creates an account, then that contact again
        UUID account = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        assertThat(sandbox.patch("contacts(" + contact + ")", object("lastname", "Byrne"), "If-None-Match", "*").statusCode())
                .isEqualTo(204);
        String body = batch(
                part(1, "PATCH " + sandbox.apiRoot() + "accounts(" + account + ") HTTP/1.1", "If-None-Match: *", "{\"name\":\"Rolled Back\"}"),
                part(2, "PATCH " + sandbox.apiRoot() + "contacts(" + contact + ") HTTP/1.1", "If-None-Match: *", "{\"lastname\":\"Again\"}"));

        // when
        HttpResponse<String> response = send(body);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(412);
        assertThat(response.body()).contains("HTTP/1.1 412 Precondition Failed");
        assertThat(sandbox.get("accounts(" + account + ")").statusCode()).isEqualTo(404);
        assertThat(json(sandbox.get("contacts(" + contact + ")")).get("lastname").asText()).isEqualTo("Byrne");
    }

    @Test
    void a_reference_to_an_undeclared_content_id_is_400_and_writes_nothing() {
        // given
        String body = batch(
                part(1, "POST /api/data/v9.2/accounts HTTP/1.1", null, "{\"name\":\"Never Kept\"}"),
                part(2, "POST /api/data/v9.2/contacts HTTP/1.1", null,
                        "{\"lastname\":\"Nobody\",\"parentcustomerid_account@odata.bind\":\"$7\"}"));

        // when
        HttpResponse<String> response = send(body);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(sandbox.get("accounts?$filter=name%20eq%20'Never%20Kept'")).get("value")).isEmpty();
    }

    private static HttpResponse<String> send(String body) {
        return sandbox.postText("$batch", body, "Content-Type", "multipart/mixed; boundary=" + BATCH);
    }

    private static String batch(String... parts) {
        return "--" + BATCH + "\r\nContent-Type: multipart/mixed; boundary=" + CHANGE_SET + "\r\n\r\n"
                + String.join("", parts) + "--" + CHANGE_SET + "--\r\n--" + BATCH + "--\r\n";
    }

    private static String part(int contentId, String requestLine, String header, String json) {
        return "--" + CHANGE_SET + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: "
                + contentId + "\r\n\r\n" + requestLine + "\r\nContent-Type: application/json; type=entry\r\n"
                + (header == null ? "" : header + "\r\n") + "\r\n" + json + "\r\n";
    }
}
