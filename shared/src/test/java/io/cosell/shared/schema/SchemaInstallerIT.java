package io.cosell.shared.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.crm.UpsertMode;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.SchemaStep.Outcome;
import io.cosell.shared.testsupport.SandboxTokens;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The install, the check and adopt against the Dataverse emulator started without the connector's schema. */
class SchemaInstallerIT {

    private EntraEmulator entra;
    private DataverseEmulator dataverse;
    private ApiHttpClient http;
    private HttpMetadataClient metadata;
    private SchemaInstaller installer;
    private final ConnectorSchema schema = ConnectorSchema.of(MappingConfig.defaults());

    @BeforeEach
    void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults().withConnectorSchema(false)
                .withMetadataTimings(Duration.ofMillis(300), Duration.ofMillis(200)));
        http = new ApiHttpClient(ApiHttpClient.defaultHttpClient(), SandboxTokens.clientCredentials(entra, dataverse.scope()),
                new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                Duration.ofSeconds(10), TestJson.MAPPER);
        metadata = new HttpMetadataClient(http, dataverse.apiRoot(), TestJson.MAPPER);
        MetadataRetry retry = new MetadataRetry(10, Duration.ofMillis(100), Duration.ofMillis(400), d -> Thread.sleep(d.toMillis()));
        installer = new SchemaInstaller(metadata, retry, Duration.ofSeconds(20), Duration.ofMillis(100),
                d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        dataverse.close();
        entra.close();
    }

    @Test
    void installCreatesEverythingOnAnEmptyCrmAndASecondRunChangesNothing() {
        // given
        assertThat(installer.check(schema).hasProblems()).isTrue();
        List<SchemaStep> progress = new ArrayList<>();

        // when
        SchemaReport first = installer.install(schema, SchemaTarget.defaults(), progress::add);
        SchemaReport second = installer.install(schema, SchemaTarget.defaults(), step -> { });

        // then
        assertThat(first.hasProblems()).isFalse();
        assertThat(first.steps()).extracting(SchemaStep::component).contains("publisher cosell", "solution cosellconnector",
                "table cosell_solutions", "table cosell_solutiondetails", "column opportunity.cosell_referralid",
                "column cosell_solutions.cosell_opportunityid", "key opportunity.cosell_referralid_key",
                "change tracking opportunity");
        assertThat(first.count(Outcome.CREATED)).isGreaterThan(20);
        assertThat(progress).isEqualTo(first.steps());
        assertThat(dataverse.published()).hasSize(1);
        assertThat(second.count(Outcome.CREATED)).isZero();
        assertThat(second.hasProblems()).isFalse();
        assertThat(dataverse.published()).hasSize(1);
        assertThat(installer.check(schema).hasProblems()).isFalse();
    }

    @Test
    void theInstalledSchemaTakesTheConnectorsWrites() {
        // given
        installer.install(schema, SchemaTarget.defaults(), step -> { });
        HttpDataverseClient crm = new HttpDataverseClient(http, dataverse.apiRoot(), TestJson.MAPPER);
        ObjectNode opportunity = TestJson.MAPPER.createObjectNode().put("name", "Contoso")
                .put("cosell_syncwithpartnercenter", true).put("cosell_microsofthelp", 100_000_001);

        // when
        var created = crm.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-1", opportunity,
                UpsertMode.CREATE_OR_UPDATE);
        ObjectNode solution = TestJson.MAPPER.createObjectNode().put("cosell_name", "Migration")
                .put("cosell_solutionid", "SOL-1").put("cosell_opportunityid@odata.bind", "/opportunities(" + created.id() + ")");
        crm.create(EntitySet.SOLUTIONS, solution);

        // then
        assertThat(crm.findByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-1", List.of("name")))
                .isPresent();
        assertThat(crm.changes(EntitySet.SOLUTIONS, List.of("cosell_solutionid"), java.util.Optional.empty()))
                .isNotNull();
    }

    @Test
    void aNameWithoutThePublisherPrefixChangesNothing() {
        // given
        SchemaTarget contoso = new SchemaTarget("contososol", "Contoso", "contoso", "Contoso", "contoso", 10_000);

        // when / then
        assertThatThrownBy(() -> installer.install(schema, contoso, step -> { }))
                .hasMessageContaining("cosell_referralid").hasMessageContaining("'contoso_'");
        assertThat(metadata.publisher("contoso")).isEmpty();
    }

    @Test
    void checkReportsAColumnOfTheWrongType() {
        // given
        installer.install(schema, SchemaTarget.defaults(), step -> { });
        ColumnSpec wrong = new ColumnSpec("opportunity", "cosell_flag", "Flag", ColumnKind.TEXT, 10, null, null, null);
        metadata.createColumn("cosellconnector", new ColumnSpec("opportunity", "cosell_flag", "Flag", ColumnKind.BOOLEAN,
                0, null, null, null));
        ConnectorSchema withWrong = new ConnectorSchema(schema.tables(),
                java.util.stream.Stream.concat(schema.columns().stream(), java.util.stream.Stream.of(wrong)).toList(),
                schema.keys(), schema.changeTracked());

        // when
        SchemaReport report = installer.check(withWrong);

        // then
        assertThat(report.problems()).singleElement().satisfies(step -> {
            assertThat(step.component()).isEqualTo("column opportunity.cosell_flag");
            assertThat(step.outcome()).isEqualTo(Outcome.INCOMPATIBLE);
            assertThat(step.detail()).contains("Boolean");
        });
    }

    @Test
    void adoptMapsTheColumnsMicrosoftsSolutionCreatedByTheirLabels() {
        // given: Microsoft's solution under a prefix of its own, opportunity columns only
        SchemaTarget microsoft = new SchemaTarget("msconnector", "Partner Center Referrals Synchronization for Dynamics 365",
                "mspc", "Microsoft", "mspc", 10_000);
        MappingConfig msNames = MappingConfig.fromJson(TestJson.MAPPER, """
                {"connectorColumns": {"syncWithPartnerCenter": "mspc_syncwithpc", "referralId": "mspc_referralidentifier",
                 "referralLink": "mspc_referrallink", "microsoftHelp": "mspc_helpneeded",
                 "visibleToMicrosoft": "mspc_visibility", "microsoftCrmId": "mspc_mscrmid", "audit": "mspc_audit"}}""");
        ConnectorSchema theirs = ConnectorSchema.of(msNames);
        ConnectorSchema opportunityOnly = new ConnectorSchema(List.of(), theirs.columns().stream()
                .filter(c -> c.table().equals("opportunity") && c.name().startsWith("mspc_")).toList(), List.of(), List.of());
        installer.install(opportunityOnly, microsoft, step -> { });

        // when
        SchemaAdoption.Result result = new SchemaAdoption(metadata).adopt(schema);

        // then
        assertThat(result.connectorColumns()).containsEntry("referralId", "mspc_referralidentifier")
                .containsEntry("syncWithPartnerCenter", "mspc_syncwithpc").containsEntry("audit", "mspc_audit")
                .containsEntry("visibleToMicrosoft", "mspc_visibility").doesNotContainKey("leadReferralId");
        assertThat(result.report().problems()).extracting(SchemaStep::component)
                .contains("column lead.cosell_referralid", "column opportunity.cosell_referralresponse");
        String json = SchemaAdoption.mappingJson(TestJson.MAPPER, java.util.Optional.of("{\"checkMarks\": false}"),
                result.connectorColumns());
        MappingConfig mapping = MappingConfig.fromJson(TestJson.MAPPER, json);
        assertThat(mapping.checkMarks()).isFalse();
        assertThat(mapping.connectorColumns().referralId()).isEqualTo("mspc_referralidentifier");
    }

    @Test
    void installAfterAdoptCreatesWhatMicrosoftsSolutionLacksWithTheKeyOnItsReferralIdentifierUnderOurPrefix() {
        // given Microsoft's opportunity columns, without an alternate key, adopted into the mapping
        SchemaTarget microsoft = new SchemaTarget("msconnector", "Partner Center Referrals Synchronization for Dynamics 365",
                "mspc", "Microsoft", "mspc", 10_000);
        ConnectorSchema theirs = ConnectorSchema.of(MappingConfig.fromJson(TestJson.MAPPER, """
                {"connectorColumns": {"syncWithPartnerCenter": "mspc_syncwithpc", "referralId": "mspc_referralidentifier",
                 "referralLink": "mspc_referrallink", "microsoftHelp": "mspc_helpneeded",
                 "visibleToMicrosoft": "mspc_visibility", "microsoftCrmId": "mspc_mscrmid", "audit": "mspc_audit"}}"""));
        installer.install(new ConnectorSchema(List.of(), theirs.columns().stream()
                .filter(c -> c.table().equals("opportunity") && c.name().startsWith("mspc_")).toList(), List.of(), List.of()),
                microsoft, step -> { });
        MappingConfig adopted = MappingConfig.fromJson(TestJson.MAPPER, SchemaAdoption.mappingJson(TestJson.MAPPER,
                java.util.Optional.empty(), new SchemaAdoption(metadata).adopt(schema).connectorColumns()));
        ConnectorSchema wanted = ConnectorSchema.of(adopted);

        // when
        SchemaReport report = installer.install(wanted, SchemaTarget.defaults(), step -> { });

        // then
        assertThat(report.hasProblems()).isFalse();
        assertThat(installer.check(wanted).hasProblems()).isFalse();
        assertThat(metadata.keys("opportunity")).anySatisfy(key -> {
            assertThat(key.schemaName()).isEqualToIgnoringCase("cosell_mspc_referralidentifier_key");
            assertThat(key.columns()).containsExactly("mspc_referralidentifier");
        });
        HttpDataverseClient crm = new HttpDataverseClient(http, dataverse.apiRoot(), TestJson.MAPPER);
        crm.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "mspc_referralidentifier", "ref-9",
                TestJson.MAPPER.createObjectNode().put("name", "Adopted"), UpsertMode.CREATE_OR_UPDATE);
        assertThat(crm.findByAlternateKey(EntitySet.OPPORTUNITIES, "mspc_referralidentifier", "ref-9", List.of("name")))
                .isPresent();
    }
}
