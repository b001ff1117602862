package io.cosell.shared.crm;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.testsupport.SandboxTokens;
import io.cosell.shared.http.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpDataverseClientIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static EntraEmulator entra;
    private static DataverseEmulator dataverse;
    private static HttpDataverseClient client;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        client = clientFor(dataverse, 100);
    }

    static HttpDataverseClient clientFor(DataverseEmulator emulator, int pageSize) {
        ApiHttpClient http = new ApiHttpClient(ApiHttpClient.defaultHttpClient(),
                SandboxTokens.clientCredentials(entra, emulator.scope()),
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofSeconds(10)),
                Duration.ofSeconds(10), TestJson.MAPPER);
        return new HttpDataverseClient(http, emulator.apiRoot(), pageSize, TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        dataverse.close();
        entra.close();
    }

    @BeforeEach
    void reset() {
        dataverse.reset();
    }

    private static ObjectNode fields(Object... nameValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < nameValues.length; i += 2) {
            node.set((String) nameValues[i], MAPPER.valueToTree(nameValues[i + 1]));
        }
        return node;
    }

    @Test
    void createThenGetReturnsTheRecordWithItsEtag() {
        // when
        UUID id = client.create(EntitySet.ACCOUNTS, fields("name", "Contoso", "address1_country", "US"));
        Optional<CrmRecord> record = client.get(EntitySet.ACCOUNTS, id, List.of("name", "address1_country"));

        // then
        assertThat(record).isPresent();
        assertThat(record.get().id()).isEqualTo(id);
        assertThat(record.get().etag()).matches("W/\"\\d+\"");
        assertThat(record.get().text("address1_country")).contains("US");
        assertThat(record.get().fields().has("telephone1")).isFalse();
    }

    @Test
    void getOfAMissingRecordIsEmpty() {
        assertThat(client.get(EntitySet.ACCOUNTS, UUID.randomUUID(), List.of())).isEmpty();
    }

    @Test
    void queryMatchesValuesWithQuotesAmpersandsPlusAndHashExactly() {
        // given
        client.create(EntitySet.ACCOUNTS, fields("name", "O'Brien & Sons + #1"));
        client.create(EntitySet.ACCOUNTS, fields("name", "O'Brien"));

        // when
        List<CrmRecord> rows = client.query(EntitySet.ACCOUNTS,
                ODataQuery.select("name").filter(eq("name", "O'Brien & Sons + #1")));

        // then
        assertThat(rows).extracting(r -> r.text("name").orElseThrow()).containsExactly("O'Brien & Sons + #1");
    }

    @Test
    void aQuoteInAValueMatchesNothingInsteadOfWideningTheFilter() {
        // given
        client.create(EntitySet.ACCOUNTS, fields("name", "Victim"));

        // when
        List<CrmRecord> rows = client.query(EntitySet.ACCOUNTS,
                ODataQuery.select("name").filter(eq("name", "x' or name ne 'y")));

        // then
        assertThat(rows).isEmpty();
    }

    @Test
    void queryFollowsNextLinksAcrossPages() {
        // given
        for (int i = 0; i < 250; i++) {
            client.create(EntitySet.LEADS, fields("subject", "Lead " + i));
        }
        long before = dataverse.requestCounts().get("sandbox");

        // when
        List<CrmRecord> rows = client.query(EntitySet.LEADS, ODataQuery.select("subject").orderByAsc("subject"));

        // then
        assertThat(rows).hasSize(250);
        assertThat(rows.stream().map(CrmRecord::id).collect(Collectors.toSet())).hasSize(250);
        assertThat(dataverse.requestCounts().get("sandbox") - before).isEqualTo(3);
    }

    @Test
    void queryHonoursTheQueryPageSize() {
        // given
        for (int i = 0; i < 30; i++) {
            client.create(EntitySet.CONTACTS, fields("lastname", "Contact " + i));
        }
        long before = dataverse.requestCounts().get("sandbox");

        // when
        List<CrmRecord> rows = client.query(EntitySet.CONTACTS, ODataQuery.select("lastname").maxPageSize(10));

        // then
        assertThat(rows).hasSize(30);
        assertThat(dataverse.requestCounts().get("sandbox") - before).isEqualTo(3);
    }

    @Test
    void findByAlternateKeyFindsQuotedValuesAndIsEmptyWhenAbsent() {
        // given
        UUID id = client.create(EntitySet.OPPORTUNITIES, fields("name", "x", "cosell_referralid", "O'Brien-1"));

        // when
        Optional<CrmRecord> found = client.findByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "O'Brien-1",
                List.of("name"));
        Optional<CrmRecord> absent = client.findByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "nope",
                List.of("name"));

        // then
        assertThat(found).map(CrmRecord::id).contains(id);
        assertThat(absent).isEmpty();
    }

    @Test
    void updateWithTheCurrentEtagSucceedsAndAStaleEtagIsAConflict() {
        // given
        UUID id = client.create(EntitySet.ACCOUNTS, fields("name", "Before"));
        String etag = client.get(EntitySet.ACCOUNTS, id, List.of()).orElseThrow().etag();
        client.update(EntitySet.ACCOUNTS, id, fields("name", "After"), Optional.of(etag));

        // when / then
        assertThatThrownBy(() -> client.update(EntitySet.ACCOUNTS, id, fields("name", "Stale"), Optional.of(etag)))
                .isInstanceOf(RecordConflictException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(412));
        assertThat(client.get(EntitySet.ACCOUNTS, id, List.of("name")).orElseThrow().text("name")).contains("After");
    }

    @Test
    void updateNeverCreates() {
        // when / then
        UUID missing = UUID.randomUUID();
        assertThatThrownBy(() -> client.update(EntitySet.ACCOUNTS, missing, fields("name", "x"), Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
        assertThat(client.get(EntitySet.ACCOUNTS, missing, List.of())).isEmpty();
    }

    @Test
    void upsertByAlternateKeyReportsCreatedThenUpdated() {
        // when
        UpsertResult first = client.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-1",
                fields("name", "First"), UpsertMode.CREATE_OR_UPDATE);
        UpsertResult second = client.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-1",
                fields("name", "Second"), UpsertMode.CREATE_OR_UPDATE);

        // then
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(client.get(EntitySet.OPPORTUNITIES, first.id(), List.of("name", "cosell_referralid")).orElseThrow()
                .text("cosell_referralid")).contains("ref-1");
    }

    @Test
    void createOnlyUpsertOfAnExistingKeyIsAConflict() {
        // given
        client.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-2", fields("name", "x"),
                UpsertMode.CREATE_ONLY);

        // when / then
        assertThatThrownBy(() -> client.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-2",
                fields("name", "y"), UpsertMode.CREATE_ONLY))
                .isInstanceOf(RecordConflictException.class)
                .hasMessageContaining("A record with matching key values already exists.");
    }

    @Test
    void updateOnlyUpsertOfAMissingKeyIsNotFound() {
        assertThatThrownBy(() -> client.upsertByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", "ref-3",
                fields("name", "x"), UpsertMode.UPDATE_ONLY))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
    }

    @Test
    void deleteReportsWhetherTheRecordExisted() {
        // given
        UUID id = client.create(EntitySet.ACCOUNTS, fields("name", "Doomed"));

        // when / then
        assertThat(client.delete(EntitySet.ACCOUNTS, id)).isTrue();
        assertThat(client.delete(EntitySet.ACCOUNTS, id)).isFalse();
    }

    @Test
    void winAndLoseCloseOpportunities() {
        // given
        UUID won = client.create(EntitySet.OPPORTUNITIES, fields("name", "Won"));
        UUID lost = client.create(EntitySet.OPPORTUNITIES, fields("name", "Lost"));

        // when
        client.winOpportunity(won, 3, "Won Opportunity");
        client.loseOpportunity(lost, 5, "Out-sold");

        // then
        CrmRecord wonRow = client.get(EntitySet.OPPORTUNITIES, won, List.of("statecode", "statuscode")).orElseThrow();
        CrmRecord lostRow = client.get(EntitySet.OPPORTUNITIES, lost, List.of("statecode", "statuscode")).orElseThrow();
        assertThat(wonRow.text("statecode")).contains("1");
        assertThat(wonRow.text("statuscode")).contains("3");
        assertThat(lostRow.text("statecode")).contains("2");
        assertThat(lostRow.text("statuscode")).contains("5");
    }

    @Test
    void lookupsBindAndReadBack() {
        // given
        UUID account = client.create(EntitySet.ACCOUNTS, fields("name", "Contoso"));

        // when
        UUID opportunity = client.create(EntitySet.OPPORTUNITIES, fields("name", "x",
                "customerid_account@odata.bind", "/accounts(" + account + ")"));

        // then
        assertThat(client.get(EntitySet.OPPORTUNITIES, opportunity, List.of("_customerid_value")).orElseThrow()
                .lookup("customerid")).contains(account);
    }

    @Test
    void changesGiveTheInitialLoadThenDeltasWithDeletes() {
        // given
        UUID kept = client.create(EntitySet.ACCOUNTS, fields("name", "Kept"));
        UUID changed = client.create(EntitySet.ACCOUNTS, fields("name", "Changed"));
        UUID deleted = client.create(EntitySet.ACCOUNTS, fields("name", "Deleted"));
        HttpDataverseClient smallPages = clientFor(dataverse, 2);

        // when
        ChangePage initial = smallPages.changes(EntitySet.ACCOUNTS, List.of("name"), Optional.empty());
        client.update(EntitySet.ACCOUNTS, changed, fields("name", "Changed again"), Optional.empty());
        client.delete(EntitySet.ACCOUNTS, deleted);
        ChangePage delta = smallPages.changes(EntitySet.ACCOUNTS, List.of("name"), Optional.of(initial.deltaLink()));
        ChangePage quiet = smallPages.changes(EntitySet.ACCOUNTS, List.of("name"), Optional.of(delta.deltaLink()));

        // then
        assertThat(initial.rows()).extracting(CrmRecord::id).containsExactlyInAnyOrder(kept, changed, deleted);
        assertThat(initial.deletedIds()).isEmpty();
        assertThat(delta.rows()).extracting(CrmRecord::id).containsExactly(changed);
        assertThat(delta.rows().getFirst().text("name")).contains("Changed again");
        assertThat(delta.deletedIds()).containsExactly(deleted);
        assertThat(quiet.rows()).isEmpty();
        assertThat(quiet.deletedIds()).isEmpty();
    }

    @Test
    void changesPageReadsOnePageAtATimeWithTheDeltaLinkOnTheLast() {
        // given
        for (String name : List.of("A", "B", "C")) {
            client.create(EntitySet.ACCOUNTS, fields("name", name));
        }
        HttpDataverseClient smallPages = clientFor(dataverse, 2);

        // when
        ChangeTrackingPage first = smallPages.changesPage(EntitySet.ACCOUNTS, List.of("name"), Optional.empty());
        ChangeTrackingPage last = smallPages.changesPage(EntitySet.ACCOUNTS, List.of("name"), first.nextLink());
        UUID added = client.create(EntitySet.ACCOUNTS, fields("name", "D"));
        ChangeTrackingPage delta = smallPages.changesPage(EntitySet.ACCOUNTS, List.of("name"), last.deltaLink());

        // then
        assertThat(first.rows()).hasSize(2);
        assertThat(first.isLast()).isFalse();
        assertThat(first.deltaLink()).isEmpty();
        assertThat(last.rows()).hasSize(1);
        assertThat(last.isLast()).isTrue();
        assertThat(last.continuation()).contains("$deltatoken=");
        assertThat(delta.rows()).extracting(CrmRecord::id).containsExactly(added);
        assertThat(delta.isLast()).isTrue();
    }

    @Test
    void anExpiredDeltaLinkIsItsOwnException() throws Exception {
        // given
        ChangePage initial = client.changes(EntitySet.ACCOUNTS, List.of("name"), Optional.empty());
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(dataverse.baseUri() + "/_sandbox/change-tracking/expire"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        // when / then
        assertThatThrownBy(() -> client.changes(EntitySet.ACCOUNTS, List.of("name"), Optional.of(initial.deltaLink())))
                .isInstanceOf(ChangeTrackingExpiredException.class)
                .hasMessageContaining("Please perform a full sync.");
    }

    @Test
    void serviceProtection429sAreRetriedAfterRetryAfter() {
        // given
        try (DataverseEmulator limited = DataverseEmulator.start(0, entra,
                DataverseSettings.defaults().withRequestLimit(2, Duration.ofSeconds(1)))) {
            HttpDataverseClient limitedClient = clientFor(limited, 100);

            // when
            for (int i = 0; i < 3; i++) {
                limitedClient.query(EntitySet.TRANSACTION_CURRENCIES, ODataQuery.select("isocurrencycode"));
            }

            // then
            assertThat(limited.requestCounts().get("sandbox")).isGreaterThan(3);
        }
    }

    @Test
    void linksToAnotherHostAreNotFollowed() {
        // given
        long before = dataverse.requestCounts().getOrDefault("sandbox", 0L);

        // when / then
        assertThatThrownBy(() -> client.changes(EntitySet.ACCOUNTS, List.of(),
                Optional.of("https://elsewhere.example/api/data/v9.2/accounts?$deltatoken=1!1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another host");
        assertThat(dataverse.requestCounts().getOrDefault("sandbox", 0L)).isEqualTo(before);
    }
}
