package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The metadata calls of {@code dataverse-metadata-api.md} on an emulator started without the connector's schema. */
class DataverseMetadataIT {

    private DataverseSandbox dv;

    @BeforeEach
    void start() {
        dv = DataverseSandbox.start(DataverseSettings.defaults().withConnectorSchema(false)
                .withMetadataTimings(Duration.ofMillis(500), Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() {
        dv.close();
    }

    @Test
    void withoutTheSchemaTheConnectorsTablesColumnsAndChangeTrackingAreAbsent() {
        // when
        HttpResponse<String> table = dv.get("EntityDefinitions(LogicalName='cosell_solutions')?$select=LogicalName");
        JsonNode columns = json(dv.get("EntityDefinitions(LogicalName='opportunity')/Attributes?$select=LogicalName"
                + "&$filter=" + DataverseSandbox.enc("LogicalName eq 'cosell_referralid'")));
        JsonNode opportunity = json(dv.get("EntityDefinitions(LogicalName='opportunity')?$select=ChangeTrackingEnabled"));
        HttpResponse<String> delta = dv.get("opportunities?$select=name", "Prefer", "odata.track-changes");

        // then
        assertThat(table.statusCode()).isEqualTo(404);
        assertThat(columns.path("value")).isEmpty();
        assertThat(opportunity.path("ChangeTrackingEnabled").asBoolean()).isFalse();
        assertThat(delta.statusCode()).isEqualTo(400);
        assertThat(json(delta).path("error").path("message").asText()).contains("Change tracking is not enabled");
    }

    @Test
    void aNewKeyIsPendingThenActiveAndOnlyThenUsableForUpserts() {
        // given
        dv.post("EntityDefinitions(LogicalName='opportunity')/Attributes", object(
                "@odata.type", "Microsoft.Dynamics.CRM.StringAttributeMetadata", "SchemaName", "cosell_referralid",
                "MaxLength", 100));

        // when
        HttpResponse<String> created = dv.post("EntityDefinitions(LogicalName='opportunity')/Keys", object(
                "@odata.type", "Microsoft.Dynamics.CRM.EntityKeyMetadata", "SchemaName", "cosell_referralid_key",
                "KeyAttributes", java.util.List.of("cosell_referralid")));
        JsonNode pending = json(dv.get("EntityDefinitions(LogicalName='opportunity')/Keys", "Consistency", "Strong"));
        HttpResponse<String> tooEarly = dv.patch("opportunities(cosell_referralid='ref-1')", object("name", "Early"));

        // then
        assertThat(created.statusCode()).isEqualTo(204);
        assertThat(created.headers().firstValue("OData-EntityId")).hasValueSatisfying(id -> assertThat(id).contains("/Keys("));
        assertThat(pending.path("value").get(0).path("EntityKeyIndexStatus").asText()).isEqualTo("Pending");
        assertThat(tooEarly.statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(dv.get("EntityDefinitions(LogicalName='opportunity')/Keys"))
                .path("value").get(0).path("EntityKeyIndexStatus").asText().equals("Active"));
        assertThat(dv.patch("opportunities(cosell_referralid='ref-1')", object("name", "Now")).statusCode()).isEqualTo(204);
    }

    @Test
    void aNewTableAnswers404UntilTheMetadataCacheCatchesUpUnlessTheReadAsksForStrongConsistency() {
        // given
        ObjectNode primary = object("@odata.type", "Microsoft.Dynamics.CRM.StringAttributeMetadata",
                "SchemaName", "cosell_name", "IsPrimaryName", true, "MaxLength", 200);
        ObjectNode table = object("@odata.type", "Microsoft.Dynamics.CRM.EntityMetadata", "SchemaName", "cosell_solutions",
                "EntitySetName", "cosell_solutions", "PrimaryNameAttribute", "cosell_name", "ChangeTrackingEnabled", true);
        table.putArray("Attributes").add(primary);

        // when
        HttpResponse<String> created = dv.post("EntityDefinitions", table);

        // then
        assertThat(created.statusCode()).isEqualTo(204);
        assertThat(dv.get("EntityDefinitions(LogicalName='cosell_solutions')").statusCode()).isEqualTo(404);
        JsonNode strong = json(dv.get("EntityDefinitions(LogicalName='cosell_solutions')", "Consistency", "Strong"));
        assertThat(strong.path("EntitySetName").asText()).isEqualTo("cosell_solutions");
        assertThat(strong.path("ChangeTrackingEnabled").asBoolean()).isTrue();
        assertThat(dv.post("cosell_solutions", object("cosell_name", "Row")).statusCode()).isEqualTo(204);
        assertThat(dv.post("EntityDefinitions", table).statusCode()).isEqualTo(400);
    }

    @Test
    void aComponentMustCarryThePrefixOfItsSolutionsPublisher() {
        // given
        java.util.UUID publisher = dv.create("publishers", object("uniquename", "contoso", "friendlyname", "Contoso",
                "customizationprefix", "contoso", "customizationoptionvalueprefix", 10000));
        dv.create("solutions", object("uniquename", "contososol", "friendlyname", "Contoso",
                "publisherid@odata.bind", "publishers(" + publisher + ")"));
        ObjectNode column = object("@odata.type", "Microsoft.Dynamics.CRM.StringAttributeMetadata",
                "SchemaName", "cosell_flag", "MaxLength", 10);

        // when
        HttpResponse<String> refused = dv.post("EntityDefinitions(LogicalName='lead')/Attributes", column,
                "MSCRM.SolutionUniqueName", "contososol");
        column.put("SchemaName", "contoso_flag");
        HttpResponse<String> accepted = dv.post("EntityDefinitions(LogicalName='lead')/Attributes", column,
                "MSCRM.SolutionUniqueName", "contososol");

        // then
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("error").path("message").asText()).contains("prefix contoso_");
        assertThat(accepted.statusCode()).isEqualTo(204);
    }
}
