package io.cosell.functions.admin;

import io.cosell.shared.usecase.AdminReport;
import io.cosell.shared.usecase.DeadLetterReplay;
import io.cosell.shared.usecase.Doctor;
import io.cosell.shared.usecase.DoctorReport;
import io.cosell.shared.usecase.Resync;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Posts direct-invoke payloads to the Lambda mock event server. */
@QuarkusTest
class AdminFunctionTest {

    private static final String REFERRAL = "8d3e4f5a-6b7c-4d8e-9f00-1a2b3c4d5e6f";
    private static final String OPPORTUNITY = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @InjectMock
    Resync resync;

    @InjectMock
    DeadLetterReplay deadLetterReplay;

    @InjectMock
    Doctor doctor;

    @Test
    void resync_of_a_referral_queues_it_and_reports_what_was_queued() throws IOException {
        // given
        when(resync.referral(REFERRAL)).thenReturn(new AdminReport("resync",
                List.of("PC_TO_CRM referral " + REFERRAL + " (resync)"), 0, "queued it"));

        // when
        JsonPath report = invoke(fixture("/events/resync-referral.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getList("queued", String.class)).containsExactly("PC_TO_CRM referral " + REFERRAL + " (resync)");
        assertThat(report.getString("action")).isEqualTo("resync");
        verify(resync, never()).opportunity(any());
    }

    @Test
    void resync_of_an_opportunity_queues_it() throws IOException {
        // given
        when(resync.opportunity(OPPORTUNITY)).thenReturn(new AdminReport("resync", List.of("CRM_TO_PC"), 0, "queued it"));

        // when
        JsonPath report = invoke(fixture("/events/resync-opportunity.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getString("message")).isEqualTo("queued it");
        verify(resync).opportunity(OPPORTUNITY);
    }

    @Test
    void replay_without_a_referral_replays_every_dead_letter() throws IOException {
        // given
        when(deadLetterReplay.replay(Optional.empty())).thenReturn(new AdminReport("replay-dlq",
                List.of("a", "b"), 0, "moved 2"));

        // when
        JsonPath report = invoke(fixture("/events/replay-dlq-all.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getList("queued", String.class)).containsExactly("a", "b");
        assertThat(report.getInt("left")).isZero();
    }

    @Test
    void replay_of_one_referral_replays_only_its_dead_letters() throws IOException {
        // given
        when(deadLetterReplay.replay(Optional.of(REFERRAL))).thenReturn(new AdminReport("replay-dlq",
                List.of("a"), 3, "moved 1"));

        // when
        JsonPath report = invoke(fixture("/events/replay-dlq-referral.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getInt("left")).isEqualTo(3);
        verify(deadLetterReplay).replay(Optional.of(REFERRAL));
    }

    @Test
    void doctor_answers_every_check_with_its_detail_and_fix_and_queues_nothing() throws IOException {
        // given
        when(doctor.run()).thenReturn(DoctorReport.of(List.of(DoctorReport.Check.ok("sync queue", "0 waiting, 0 in flight"),
                DoctorReport.Check.failed("dead-letter queue", "1 message(s) failed repeatedly", "bin/cosell replay-dlq"))));

        // when
        JsonPath report = invoke(fixture("/events/doctor.json")).then().statusCode(200).extract().jsonPath();

        // then
        assertThat(report.getBoolean("ok")).isFalse();
        assertThat(report.getList("checks.name", String.class)).containsExactly("sync queue", "dead-letter queue");
        assertThat(report.getList("checks.ok", Boolean.class)).containsExactly(true, false);
        assertThat(report.getString("checks[1].detail")).isEqualTo("1 message(s) failed repeatedly");
        assertThat(report.getString("checks[1].fix")).isEqualTo("bin/cosell replay-dlq");
        verifyNoInteractions(resync, deadLetterReplay);
    }

    @Test
    void a_resync_naming_both_a_referral_and_an_opportunity_fails_and_queues_nothing() throws IOException {
        // when
        Response response = invoke(fixture("/events/resync-both.json"));

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .endsWith("action \"resync\" needs either a \"referralId\" or an \"opportunityId\"");
        verifyNoInteractions(resync);
    }

    @Test
    void an_unknown_action_fails_the_invocation_with_a_clear_message() {
        // when
        Response response = invoke("{\"action\":\"purge\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .endsWith("\"action\" must be \"resync\", \"replay-dlq\" or \"doctor\", was: purge");
        verifyNoInteractions(resync, deadLetterReplay, doctor);
    }

    private static Response invoke(String payload) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(payload).when().post();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = AdminFunctionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
