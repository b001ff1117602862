package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseCrudIT {

    private static DataverseSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults().withExtraColumns(Map.of("opportunities",
                List.of(ColumnDefinition.string("contoso_region", 50)))));
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
    void createAnswers204WithTheEntityIdHeader() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "Azure migration"));

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("OData-Version")).contains("4.0");
        assertThat(response.headers().firstValue("OData-EntityId").orElseThrow())
                .matches(sandbox.dataverse.apiRoot() + "opportunities\\([0-9a-f-]{36}\\)");
    }

    @Test
    void createWithReturnRepresentationAnswers201WithServerMaintainedColumnsAndDefaults() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "Azure migration",
                "estimatedvalue", 50000, "estimatedclosedate", "2024-11-14"), "Prefer", "return=representation");

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.get("@odata.context").asText()).endsWith("$metadata#opportunities/$entity");
        assertThat(body.get("@odata.etag").asText()).matches("W/\"\\d+\"");
        assertThat(body.get("@odata.etag").asText()).isEqualTo("W/\"" + body.get("versionnumber").asLong() + "\"");
        assertThat(body.get("opportunityid").asText()).hasSize(36);
        assertThat(body.get("createdon").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(body.get("modifiedon").asText()).isEqualTo(body.get("createdon").asText());
        assertThat(body.get("statecode").asInt()).isZero();
        assertThat(body.get("statuscode").asInt()).isEqualTo(1);
        assertThat(body.get("cosell_syncwithpartnercenter").asBoolean()).isFalse();
        assertThat(body.get("estimatedclosedate").asText()).isEqualTo("2024-11-14");
        assertThat(body.get("estimatedvalue").decimalValue()).isEqualByComparingTo("50000");
        assertThat(body.get("description").isNull()).isTrue();
    }

    @Test
    void getReturnsTheRecordAndSelectLimitsTheColumns() {
        // given
        UUID id = sandbox.create("accounts", object("name", "Contoso", "address1_country", "US"));

        // when
        JsonNode all = json(sandbox.get("accounts(" + id + ")"));
        JsonNode selected = json(sandbox.get("accounts(" + id + ")?$select=name"));

        // then
        assertThat(all.get("address1_country").asText()).isEqualTo("US");
        assertThat(selected.get("name").asText()).isEqualTo("Contoso");
        assertThat(selected.has("address1_country")).isFalse();
        assertThat(selected.get("accountid").asText()).isEqualTo(id.toString());
        assertThat(selected.get("@odata.context").asText()).endsWith("$metadata#accounts(name)/$entity");
    }

    @Test
    void getByAlternateKeyFindsTheRecordAnd404sWhenAbsent() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "Keyed", "cosell_referralid", "ref-1"));

        // when
        HttpResponse<String> found = sandbox.get("opportunities(cosell_referralid='ref-1')?$select=name");
        HttpResponse<String> absent = sandbox.get("opportunities(cosell_referralid='ref-2')");

        // then
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(json(found).get("opportunityid").asText()).isEqualTo(id.toString());
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(json(absent).at("/error/message").asText()).contains("does not exist");
    }

    @Test
    void getOfAMissingRecordIs404() {
        // when
        HttpResponse<String> response = sandbox.get("opportunities(" + UUID.randomUUID() + ")");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).at("/error/code").asText()).isNotEmpty();
    }

    @Test
    void unknownEntitySetIs404() {
        // when
        HttpResponse<String> response = sandbox.get("widgets");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).at("/error/message").asText()).contains("widgets");
    }

    @Test
    void conditionalGetWithTheCurrentEtagIs304() {
        // given
        UUID id = sandbox.create("accounts", object("name", "Cached"));
        String etag = json(sandbox.get("accounts(" + id + ")")).get("@odata.etag").asText();

        // when
        HttpResponse<String> unchanged = sandbox.get("accounts(" + id + ")", "If-None-Match", etag);
        HttpResponse<String> noCache = sandbox.get("accounts(" + id + ")", "If-None-Match", "null");

        // then
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(noCache.statusCode()).isEqualTo(200);
    }

    @Test
    void updateChangesTheRowVersion() {
        // given
        UUID id = sandbox.create("accounts", object("name", "Before"));
        String before = json(sandbox.get("accounts(" + id + ")")).get("@odata.etag").asText();

        // when
        HttpResponse<String> response = sandbox.patch("accounts(" + id + ")", object("name", "After"),
                "If-Match", before);

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        JsonNode after = json(sandbox.get("accounts(" + id + ")"));
        assertThat(after.get("name").asText()).isEqualTo("After");
        assertThat(after.get("@odata.etag").asText()).isNotEqualTo(before);
    }

    @Test
    void updateWithAStaleEtagIs412WithTheDocumentedMessage() {
        // given
        UUID id = sandbox.create("accounts", object("name", "Original"));
        String stale = json(sandbox.get("accounts(" + id + ")")).get("@odata.etag").asText();
        sandbox.patch("accounts(" + id + ")", object("name", "Changed by someone else"));

        // when
        HttpResponse<String> response = sandbox.patch("accounts(" + id + ")", object("name", "Mine"),
                "If-Match", stale);

        // then
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("0x80060882");
        assertThat(json(response).at("/error/message").asText())
                .isEqualTo("The version of the existing record doesn't match the RowVersion property provided.");
        assertThat(json(sandbox.get("accounts(" + id + ")")).get("name").asText())
                .isEqualTo("Changed by someone else");
    }

    @Test
    void patchWithIfMatchStarOfAMissingRecordIs404() {
        // when
        HttpResponse<String> response = sandbox.patch("accounts(" + UUID.randomUUID() + ")", object("name", "x"),
                "If-Match", "*");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void patchWithoutIfMatchOfAMissingPrimaryKeyCreatesTheRecord() {
        // given
        UUID id = UUID.randomUUID();

        // when
        HttpResponse<String> response = sandbox.patch("accounts(" + id + ")", object("name", "Upserted"));

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(json(sandbox.get("accounts(" + id + ")")).get("name").asText()).isEqualTo("Upserted");
    }

    @Test
    void patchWithReturnRepresentationAnswers200WithTheRecord() {
        // given
        UUID id = sandbox.create("accounts", object("name", "Before"));

        // when
        HttpResponse<String> response = sandbox.patch("accounts(" + id + ")?$select=name", object("name", "After"),
                "Prefer", "return=representation");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("name").asText()).isEqualTo("After");
    }

    @Test
    void undeclaredColumnsAreRejected() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "x", "cosell_nosuchcolumn", 1));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText()).contains("cosell_nosuchcolumn");
    }

    @Test
    void customColumnsFromSettingsCanBeWrittenAndRead() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "x", "contoso_region", "EMEA"),
                "Prefer", "return=representation");

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("contoso_region").asText()).isEqualTo("EMEA");
    }

    @Test
    void valuesOfTheWrongTypeAreRejected() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "x", "estimatedvalue", "lots"));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText()).contains("estimatedvalue");
    }

    @Test
    void statecodeCannotBeSetOnCreateButOnUpdate() {
        // given
        UUID id = sandbox.create("leads", object("subject", "Lead"));

        // when
        HttpResponse<String> onCreate = sandbox.post("leads", object("subject", "x", "statecode", 1));
        HttpResponse<String> onUpdate = sandbox.patch("leads(" + id + ")", object("statecode", 2, "statuscode", 6));

        // then
        assertThat(onCreate.statusCode()).isEqualTo(400);
        assertThat(onUpdate.statusCode()).isEqualTo(204);
        JsonNode lead = json(sandbox.get("leads(" + id + ")?$select=statecode,statuscode"));
        assertThat(lead.get("statecode").asInt()).isEqualTo(2);
        assertThat(lead.get("statuscode").asInt()).isEqualTo(6);
    }

    @Test
    void aStatusOfAnotherStateIsRejected() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "x"));

        // when
        HttpResponse<String> response = sandbox.patch("opportunities(" + id + ")", object("statuscode", 3));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void choiceValuesComeWithFormattedValuesWhenAsked() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "x", "cosell_microsofthelp", 100000001));

        // when
        JsonNode plain = json(sandbox.get("opportunities(" + id + ")?$select=cosell_microsofthelp"));
        JsonNode annotated = json(sandbox.get("opportunities(" + id + ")?$select=cosell_microsofthelp,statecode",
                "Prefer", "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\""));

        // then
        assertThat(plain.has("cosell_microsofthelp@OData.Community.Display.V1.FormattedValue")).isFalse();
        assertThat(annotated.get("cosell_microsofthelp@OData.Community.Display.V1.FormattedValue").asText())
                .isEqualTo("CustomerTechnicalArchitecture");
        assertThat(annotated.get("statecode@OData.Community.Display.V1.FormattedValue").asText()).isEqualTo("Open");
    }

    @Test
    void theReferralResponseChoiceAndDeclineReasonAreOpportunityColumns() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "x"));

        // when
        HttpResponse<String> declined = sandbox.patch("opportunities(" + id + ")",
                object("cosell_referralresponse", 100000001, "cosell_declinereason", "Customer chose another partner"));
        JsonNode annotated = json(sandbox.get("opportunities(" + id + ")?$select=cosell_referralresponse,cosell_declinereason",
                "Prefer", "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\""));
        HttpResponse<String> unknownOption = sandbox.patch("opportunities(" + id + ")",
                object("cosell_referralresponse", 100000002));
        HttpResponse<String> tooLong = sandbox.patch("opportunities(" + id + ")",
                object("cosell_declinereason", "x".repeat(1001)));

        // then
        assertThat(declined.statusCode()).isEqualTo(204);
        assertThat(annotated.get("cosell_referralresponse").asInt()).isEqualTo(100000001);
        assertThat(annotated.get("cosell_referralresponse@OData.Community.Display.V1.FormattedValue").asText())
                .isEqualTo("Decline");
        assertThat(annotated.get("cosell_declinereason").asText()).isEqualTo("Customer chose another partner");
        assertThat(unknownOption.statusCode()).isEqualTo(400);
        assertThat(tooLong.statusCode()).isEqualTo(400);
    }

    @Test
    void aNewOpportunityHasNoReferralResponse() {
        // when
        JsonNode created = json(sandbox.post("opportunities", object("name", "x"), "Prefer", "return=representation"));

        // then
        assertThat(created.get("cosell_referralresponse").isNull()).isTrue();
        assertThat(created.get("cosell_declinereason").isNull()).isTrue();
    }

    @Test
    void theReferralResponseChoiceAndDeclineReasonAreLeadColumnsToo() {
        // given
        JsonNode created = json(sandbox.post("leads", object("subject", "Referral from Microsoft",
                "cosell_referralid", "ref-1", "cosell_referralresponse", 100000000), "Prefer", "return=representation"));
        String leadId = created.get("leadid").asText();

        // when
        HttpResponse<String> declined = sandbox.patch("leads(" + leadId + ")",
                object("cosell_referralresponse", 100000001, "cosell_declinereason", "Out of our region"));
        JsonNode annotated = json(sandbox.get("leads(" + leadId + ")?$select=cosell_referralresponse,cosell_declinereason",
                "Prefer", "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\""));
        HttpResponse<String> unknownOption = sandbox.patch("leads(" + leadId + ")",
                object("cosell_referralresponse", 100000002));
        HttpResponse<String> tooLong = sandbox.patch("leads(" + leadId + ")",
                object("cosell_declinereason", "x".repeat(1001)));

        // then
        assertThat(created.get("cosell_referralresponse").asInt()).isEqualTo(100000000);
        assertThat(created.get("cosell_declinereason").isNull()).isTrue();
        assertThat(declined.statusCode()).isEqualTo(204);
        assertThat(annotated.get("cosell_referralresponse").asInt()).isEqualTo(100000001);
        assertThat(annotated.get("cosell_referralresponse@OData.Community.Display.V1.FormattedValue").asText())
                .isEqualTo("Decline");
        assertThat(annotated.get("cosell_declinereason").asText()).isEqualTo("Out of our region");
        assertThat(unknownOption.statusCode()).isEqualTo(400);
        assertThat(tooLong.statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownChoiceValueIsRejected() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "x", "cosell_microsofthelp", 7));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void lookupsAreBoundAndReadBackAsValuePropertiesWithAnnotations() {
        // given
        UUID account = sandbox.create("accounts", object("name", "Contoso"));
        UUID contact = sandbox.create("contacts", object("firstname", "Ana", "lastname", "Bowman"));
        JsonNode usd = json(sandbox.get("transactioncurrencies?$filter=isocurrencycode%20eq%20'USD'")).at("/value/0");

        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "Bound",
                "customerid_account@odata.bind", "/accounts(" + account + ")",
                "parentcontactid@odata.bind", "contacts(" + contact + ")",
                "transactioncurrencyid@odata.bind", "/transactioncurrencies(" + usd.get("transactioncurrencyid").asText() + ")"),
                "Prefer", "return=representation,odata.include-annotations=\"*\"");

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.get("_customerid_value").asText()).isEqualTo(account.toString());
        assertThat(body.get("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText()).isEqualTo("account");
        assertThat(body.get("_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty").asText())
                .isEqualTo("customerid_account");
        assertThat(body.get("_customerid_value@OData.Community.Display.V1.FormattedValue").asText()).isEqualTo("Contoso");
        assertThat(body.get("_parentcontactid_value").asText()).isEqualTo(contact.toString());
        assertThat(body.get("_parentcontactid_value@OData.Community.Display.V1.FormattedValue").asText())
                .isEqualTo("Ana Bowman");
        assertThat(body.get("_transactioncurrencyid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText())
                .isEqualTo("transactioncurrency");
    }

    @Test
    void aCustomerLookupCanPointAtAContact() {
        // given
        UUID contact = sandbox.create("contacts", object("lastname", "Solo"));

        // when
        JsonNode body = json(sandbox.post("opportunities", object("name", "x",
                "customerid_contact@odata.bind", "/contacts(" + contact + ")"),
                "Prefer", "return=representation,odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\""));

        // then
        assertThat(body.get("_customerid_value").asText()).isEqualTo(contact.toString());
        assertThat(body.get("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText()).isEqualTo("contact");
    }

    @Test
    void aLookupCanBeBoundByAlternateKeyAndCleared() {
        // given
        UUID opportunity = sandbox.create("opportunities", object("name", "x", "cosell_referralid", "ref-bind"));
        UUID solution = sandbox.create("cosell_solutions", object("cosell_solutionid", "SOL-1",
                "cosell_opportunityid@odata.bind", "/opportunities(cosell_referralid='ref-bind')"));

        // when
        JsonNode bound = json(sandbox.get("cosell_solutions(" + solution + ")"));
        sandbox.patch("cosell_solutions(" + solution + ")", object("cosell_opportunityid@odata.bind", null));
        JsonNode cleared = json(sandbox.get("cosell_solutions(" + solution + ")"));

        // then
        assertThat(bound.get("_cosell_opportunityid_value").asText()).isEqualTo(opportunity.toString());
        assertThat(cleared.get("_cosell_opportunityid_value").isNull()).isTrue();
    }

    @Test
    void bindingToAMissingRecordIs400() {
        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "x",
                "parentaccountid@odata.bind", "/accounts(" + UUID.randomUUID() + ")"));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText()).contains("Does Not Exist");
    }

    @Test
    void bindingToTheWrongEntitySetIs400() {
        // given
        UUID contact = sandbox.create("contacts", object("lastname", "Wrong"));

        // when
        HttpResponse<String> response = sandbox.post("opportunities", object("name", "x",
                "parentaccountid@odata.bind", "/contacts(" + contact + ")"));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void contactFullNameIsComputed() {
        // when
        ObjectNode body = (ObjectNode) json(sandbox.post("contacts", object("firstname", "Olivia", "lastname", "O'Brien"),
                "Prefer", "return=representation"));

        // then
        assertThat(body.get("fullname").asText()).isEqualTo("Olivia O'Brien");
    }

    @Test
    void deleteAnswers204ThenTheRecordIsGone() {
        // given
        UUID id = sandbox.create("accounts", object("name", "Doomed"));

        // when
        HttpResponse<String> first = sandbox.delete("accounts(" + id + ")");
        HttpResponse<String> second = sandbox.delete("accounts(" + id + ")");

        // then
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(sandbox.get("accounts(" + id + ")").statusCode()).isEqualTo(404);
    }

    @Test
    void writesWithoutAJsonContentTypeAre415() {
        // when
        HttpResponse<String> response = sandbox.post("accounts", object("name", "x"), "Content-Type", "text/plain");

        // then
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void badJsonIs400() {
        // when
        HttpResponse<String> response = sandbox.post("accounts", new com.fasterxml.jackson.databind.node.TextNode("{"));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
