package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bin/cosell schema install} on a sandbox started without the connector's schema ({@code --no-schema}): it
 * creates everything, a second run changes nothing, and then a referral from Microsoft and an opportunity a seller
 * shares both sync through the real functions on what it installed.
 */
class SchemaInstallE2EIT {

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2))
                .withoutConnectorSchema());
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void installOnAnEmptyCrmCreatesEverythingASecondRunChangesNothingAndBothSyncDirectionsWork() throws Exception {
        // given an empty CRM
        CosellRun before = CosellRun.of(sandbox, "schema", "check");
        assertThat(before.exitCode()).isNotZero();
        assertThat(before.out()).contains("✘ column opportunity.cosell_referralid (missing");

        // when
        CosellRun first = CosellRun.of(sandbox, "schema", "install");
        CosellRun second = CosellRun.of(sandbox, "--json", "schema", "install");

        // then
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("+ table cosell_solutions (created", "+ key opportunity.cosell_referralid_key (created",
                "✔ key opportunity.cosell_referralid_key (exists: index Active)", "+ change tracking opportunity (created",
                "+ publish");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode again = JSON.readTree(second.out());
        assertThat(again.path("created").asInt()).isZero();
        assertThat(again.path("problems")).isEmpty();
        assertThat(CosellRun.of(sandbox, "schema", "check").exitCode()).isZero();

        // and then Partner Center → CRM: a referral from Microsoft becomes a lead
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode referral = client.microsoftSharesReferral(json("""
                {"name": "Installed %s - Azure migration",
                 "customerProfile": {"name": "Installed %s Ltd", "address": {"city": "Dublin", "postalCode": "D02 %s", "country": "IE"},
                                     "team": [{"firstName": "Sam", "lastName": "Buyer", "email": "sam.%s@customer.example"}]}}"""
                .formatted(suffix, suffix, suffix.substring(0, 4), suffix)));
        String referralId = referral.path("id").asText();
        await().atMost(SYNC).until(() -> client.crmRowsByReferral("leads", referralId), rows -> rows.size() == 1);

        // and CRM → Partner Center: a shared opportunity becomes a referral
        String opportunityId = sellerSharesOpportunity(suffix);
        JsonNode synced = await().atMost(SYNC).until(() -> client.crmRow("opportunities", opportunityId),
                row -> !row.path("cosell_referralid").asText("").isEmpty());
        assertThat(synced.path("name").asText()).startsWith("✔");
        assertThat(client.referral(synced.path("cosell_referralid").asText()).path("externalReferenceId").asText())
                .isEqualTo(opportunityId);
    }

    private static String sellerSharesOpportunity(String suffix) {
        String accountId = client.sellerCreates("accounts", json("""
                {"name": "Seller %s", "address1_city": "Dublin", "address1_postalcode": "D04 %s", "address1_country": "IE"}"""
                .formatted(suffix, suffix.substring(0, 4))));
        ObjectNode contact = json("{\"firstname\": \"Ann\", \"lastname\": \"Buyer\", \"emailaddress1\": \"ann.%s@customer.example\"}"
                .formatted(suffix));
        contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
        String contactId = client.sellerCreates("contacts", contact);
        List<JsonNode> eur = client.crmRows("transactioncurrencies", "isocurrencycode eq 'EUR'");
        ObjectNode opportunity = json("""
                {"name": "Seller %s - Azure landing zone", "estimatedvalue": 50000, "estimatedclosedate": "2027-09-30",
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}""".formatted(suffix));
        opportunity.put("customerid_account@odata.bind", "/accounts(" + accountId + ")");
        opportunity.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
        opportunity.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + eur.getFirst().path("transactioncurrencyid").asText() + ")");
        String opportunityId = client.sellerCreates("opportunities", opportunity);
        ObjectNode solution = json("""
                {"cosell_solutionid": "SOL-1234567-ABC", "cosell_name": "Landing Zone Accelerator", "cosell_type": "Name"}""");
        solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunityId + ")");
        client.sellerCreates("cosell_solutions", solution);
        return opportunityId;
    }
}
