package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.enc;
import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseActionsIT {

    private static DataverseSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static HttpResponse<String> close(String action, UUID opportunity, int status, String subject) {
        return sandbox.post(action, object("Status", status, "OpportunityClose", object("subject", subject,
                "opportunityid@odata.bind", "/opportunities(" + opportunity + ")")));
    }

    @Test
    void winOpportunityClosesAsWonAndRecordsTheClose() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "Winner"));

        // when
        HttpResponse<String> response = close("WinOpportunity", id, 3, "Won Opportunity");

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        JsonNode opportunity = json(sandbox.get("opportunities(" + id + ")"));
        assertThat(opportunity.get("statecode").asInt()).isEqualTo(1);
        assertThat(opportunity.get("statuscode").asInt()).isEqualTo(3);
        assertThat(opportunity.get("actualclosedate").isNull()).isFalse();
        JsonNode closes = json(sandbox.get("opportunitycloses?$filter=" + enc("_opportunityid_value eq " + id)));
        assertThat(closes.get("value")).hasSize(1);
        assertThat(closes.at("/value/0/subject").asText()).isEqualTo("Won Opportunity");
    }

    @Test
    void loseOpportunityClosesAsLostWithTheGivenStatus() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "Loser"));

        // when
        HttpResponse<String> response = close("LoseOpportunity", id, 5, "Out-sold");

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        JsonNode opportunity = json(sandbox.get("opportunities(" + id + ")"));
        assertThat(opportunity.get("statecode").asInt()).isEqualTo(2);
        assertThat(opportunity.get("statuscode").asInt()).isEqualTo(5);
    }

    @Test
    void aStatusOfTheOtherOutcomeIsRejected() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "Confused"));

        // when
        HttpResponse<String> response = close("WinOpportunity", id, 4, "Won?");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(sandbox.get("opportunities(" + id + ")")).get("statecode").asInt()).isZero();
    }

    @Test
    void aClosedOpportunityCannotBeClosedAgainUntilReopened() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "Twice"));
        close("LoseOpportunity", id, 4, "Canceled");

        // when
        HttpResponse<String> again = close("WinOpportunity", id, 3, "Won");
        sandbox.patch("opportunities(" + id + ")", object("statecode", 0));
        HttpResponse<String> afterReopen = close("WinOpportunity", id, 3, "Won");

        // then
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(afterReopen.statusCode()).isEqualTo(204);
    }

    @Test
    void closingAMissingOpportunityIs400() {
        // when
        HttpResponse<String> response = close("WinOpportunity", UUID.randomUUID(), 3, "Ghost");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
