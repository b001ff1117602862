package io.cosell.shared.sync;

import io.cosell.shared.metrics.EmfWriter;
import io.cosell.shared.metrics.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.sync.outbound.CrmRecordOutboundSync;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Hostile input to the mapper, table-driven from {@code hostile/sync-message-cases.json}, through the real path a
 * queue message takes ({@link SyncDispatcher} with the real inbound and outbound syncs against the Partner Center,
 * Dataverse and Entra emulators and DynamoDB Local). A message that is not a usable sync message is refused with its
 * reason before any request (the function reports it in {@code batchItemFailures}, so the queue dead-letters it);
 * a referral with hostile content syncs, or is explained in the sync log, as each case says.
 */
class HostileSyncMessageIT {

    private static final String TABLE = "hostile-sync-it";
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    private static SyncTestWorld world;
    private static SyncDispatcher mapper;

    record Case(String name, JsonNode spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start(TABLE, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        MappingConfig mapping = MappingConfig.defaults();
        mapper = new SyncDispatcher(
                new ReferralInboundSync(world.partnerCenter(), world.crm(), world.state(), mapping, Clock.systemUTC(), TestJson.MAPPER),
                new CrmRecordOutboundSync(world.crm(), world.partnerCenter(), world.state(), mapping, Clock.systemUTC(), TestJson.MAPPER),
                TestJson.MAPPER, (message, expired) -> expired.notice(),
                new Metrics(new EmfWriter(System.out, Clock.systemUTC(), TestJson.MAPPER), "mapper"), 5);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    static Stream<Case> cases() {
        try (InputStream in = HostileSyncMessageIT.class.getResourceAsStream("/hostile/sync-message-cases.json")) {
            List<Case> cases = new ArrayList<>();
            TestJson.MAPPER.readTree(in).forEach(spec -> cases.add(new Case(spec.path("name").asText(), spec)));
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_table_has_at_least_twenty_cases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostile_message_or_referral_gets_its_answer(Case hostile) {
        JsonNode spec = hostile.spec();
        if (spec.has("message")) {
            refusedBeforeAnyRequest(spec);
        } else {
            referralSyncsOrIsExplained(spec);
        }
    }

    private static void refusedBeforeAnyRequest(JsonNode spec) {
        // given
        String body = generated(spec.path("message").asText().replace("{guid}", UUID.randomUUID().toString()));
        int partnerCenterBefore = world.http().requests(world.partnerCenterEmulator().baseUri());
        int dataverseBefore = world.http().requests(world.dataverse().baseUri());

        // when
        Throwable refused = catchThrowable(() -> mapper.handle(body));

        // then: refused with its reason (the batch item fails, SQS dead-letters it), and no request was made
        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(spec.path("rejected").asText());
        assertThat(world.http().requests(world.partnerCenterEmulator().baseUri())).as("Partner Center requests")
                .isEqualTo(partnerCenterBefore);
        assertThat(world.http().requests(world.dataverse().baseUri())).as("Dataverse requests")
                .isEqualTo(dataverseBefore);
    }

    private static void referralSyncsOrIsExplained(JsonNode spec) {
        // given
        ObjectNode fields = (ObjectNode) expand(spec.path("referral").deepCopy());
        String referralId = microsoftShares(fields);

        // when
        mapper.handle(inboundMessage(referralId));

        // then
        SyncLogEntry logged = world.state().recentLog(referralId, 1).getFirst();
        assertThat(logged.outcome().name()).as("sync log: " + logged.message()).isEqualTo(spec.path("log").asText());
        assertThat(logged.message()).contains(spec.path("logMessage").asText());
        if (spec.has("lead")) {
            CrmRecord lead = one(EntitySet.LEADS, "cosell_referralid", referralId);
            expectColumns(lead, spec.path("lead"));
        }
        if (spec.has("account")) {
            CrmRecord account = one(EntitySet.ACCOUNTS, "name", spec.path("account").path("name").asText());
            expectColumns(account, spec.path("account"));
        }
        if (spec.path("sameCustomerTwice").asBoolean()) {
            // a second referral of the same customer finds the account through the escaped OData filter
            String second = microsoftShares(fields);
            mapper.handle(inboundMessage(second));
            assertThat(world.crm().query(EntitySet.ACCOUNTS, ODataQuery.all()
                    .filter(eq("name", spec.path("account").path("name").asText())))).hasSize(1);
            assertThat(one(EntitySet.LEADS, "cosell_referralid", second).lookup("parentaccountid"))
                    .isEqualTo(one(EntitySet.LEADS, "cosell_referralid", referralId).lookup("parentaccountid"));
        }
    }

    private static CrmRecord one(EntitySet set, String column, String value) {
        List<CrmRecord> found = world.crm().query(set, ODataQuery.all().filter(eq(column, value)));
        assertThat(found).as(set.name() + " where " + column + " = " + value).hasSize(1);
        return found.getFirst();
    }

    private static void expectColumns(CrmRecord record, JsonNode expected) {
        for (Iterator<Map.Entry<String, JsonNode>> columns = expected.fields(); columns.hasNext(); ) {
            Map.Entry<String, JsonNode> column = columns.next();
            assertThat(record.text(column.getKey())).as(column.getKey()).contains(column.getValue().asText());
        }
    }

    private static String inboundMessage(String referralId) {
        return new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-created", Instant.now(),
                "hostile#" + referralId).toJson(TestJson.MAPPER);
    }

    /** {@code @nest:N} and {@code @long:N} make inputs too large to write into the table. */
    private static String generated(String text) {
        if (text.startsWith("@nest:")) {
            int depth = Integer.parseInt(text.substring("@nest:".length()));
            return "{\"direction\":\"PC_TO_CRM\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        }
        int at = text.indexOf("@long:");
        if (at >= 0) {
            int end = text.indexOf('"', at);
            int length = Integer.parseInt(text.substring(at + "@long:".length(), end));
            return text.substring(0, at) + "x".repeat(length) + text.substring(end);
        }
        return text;
    }

    private static JsonNode expand(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(expand(field.getValue())));
            return object;
        }
        if (node.isTextual() && node.asText().startsWith("@long:")) {
            return new TextNode("x".repeat(Integer.parseInt(node.asText().substring("@long:".length()))));
        }
        return node;
    }

    private static String microsoftShares(ObjectNode fields) {
        try {
            HttpResponse<String> response = CONTROL.send(HttpRequest.newBuilder(
                            URI.create(world.partnerCenterEmulator().baseUri() + "/_sandbox/microsoft/referrals"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(fields.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return TestJson.MAPPER.readTree(response.body()).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
