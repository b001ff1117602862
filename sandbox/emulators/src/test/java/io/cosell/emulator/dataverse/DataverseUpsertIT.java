package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cosell.emulator.dataverse.DataverseSandbox.enc;
import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseUpsertIT {

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
    void upsertByAlternateKeyCreatesThenUpdates() {
        // when
        HttpResponse<String> created = sandbox.patch("opportunities(cosell_referralid='ref-a')?$select=name",
                object("name", "First"), "Prefer", "return=representation");
        HttpResponse<String> updated = sandbox.patch("opportunities(cosell_referralid='ref-a')?$select=name",
                object("name", "Second"), "Prefer", "return=representation");

        // then
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).get("opportunityid").asText()).isEqualTo(json(created).get("opportunityid").asText());
        JsonNode row = json(sandbox.get("opportunities(cosell_referralid='ref-a')"));
        assertThat(row.get("name").asText()).isEqualTo("Second");
        assertThat(row.get("cosell_referralid").asText()).isEqualTo("ref-a");
    }

    @Test
    void upsertWithoutRepresentationAnswers204WithTheEntityId() {
        // when
        HttpResponse<String> response = sandbox.patch("opportunities(cosell_referralid='ref-b')", object("name", "x"));

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(DataverseSandbox.idOf(response).toString())
                .isEqualTo(json(sandbox.get("opportunities(cosell_referralid='ref-b')")).get("opportunityid").asText());
    }

    @Test
    void keyValuesWithQuotesAreUnescaped() {
        // when
        HttpResponse<String> response = sandbox.patch("opportunities(cosell_referralid=" + enc("'O''Brien'") + ")",
                object("name", "Quoted"));

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(json(sandbox.get("opportunities?$filter=" + enc("cosell_referralid eq 'O''Brien'")))
                .get("value")).hasSize(1);
    }

    @Test
    void createOnlyUpsertOfAnExistingKeyIs412() {
        // given
        sandbox.patch("opportunities(cosell_referralid='ref-c')", object("name", "Existing"));

        // when
        HttpResponse<String> response = sandbox.patch("opportunities(cosell_referralid='ref-c')",
                object("name", "Duplicate"), "If-None-Match", "*");

        // then
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(json(response).at("/error/message").asText())
                .isEqualTo("A record with matching key values already exists.");
        assertThat(json(sandbox.get("opportunities(cosell_referralid='ref-c')")).get("name").asText())
                .isEqualTo("Existing");
    }

    @Test
    void createOnlyUpsertOfANewKeyCreates() {
        // when
        HttpResponse<String> response = sandbox.patch("opportunities(cosell_referralid='ref-new')",
                object("name", "New"), "If-None-Match", "*");

        // then
        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void updateOnlyUpsertOfAMissingKeyIs404() {
        // when
        HttpResponse<String> response = sandbox.patch("opportunities(cosell_referralid='ref-missing')",
                object("name", "Nothing"), "If-Match", "*");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(sandbox.get("opportunities?$filter=" + enc("cosell_referralid eq 'ref-missing'")))
                .get("value")).isEmpty();
    }

    @Test
    void updateByKeyIgnoresTheKeyColumnInTheBody() {
        // given
        sandbox.patch("opportunities(cosell_referralid='ref-d')", object("name", "x"));

        // when
        sandbox.patch("opportunities(cosell_referralid='ref-d')", object("name", "y", "cosell_referralid", "other"));

        // then
        assertThat(sandbox.get("opportunities(cosell_referralid='ref-d')").statusCode()).isEqualTo(200);
    }

    @Test
    void aSecondRecordWithTheSameAlternateKeyIsRejected() {
        // given
        sandbox.create("leads", object("subject", "one", "cosell_referralid", "lead-ref"));

        // when
        HttpResponse<String> response = sandbox.post("leads", object("subject", "two", "cosell_referralid", "LEAD-REF"));

        // then
        assertThat(response.statusCode()).isEqualTo(412);
    }

    @Test
    void aRecordIsFoundByItsCurrentKeyValueOnlyAndAFreedKeyValueCanBeUsedAgain() {
        // given a record whose key value is changed, and one that is deleted
        String moved = DataverseSandbox.idOf(sandbox.patch("opportunities(cosell_referralid='ref-old')",
                object("name", "Moved"))).toString();
        sandbox.patch("opportunities(" + moved + ")", object("cosell_referralid", "ref-new"));
        String deleted = DataverseSandbox.idOf(sandbox.patch("opportunities(cosell_referralid='ref-gone')",
                object("name", "Deleted"))).toString();
        sandbox.delete("opportunities(" + deleted + ")");

        // when
        HttpResponse<String> byOldValue = sandbox.get("opportunities(cosell_referralid='ref-old')");
        HttpResponse<String> byNewValue = sandbox.get("opportunities(cosell_referralid='REF-NEW')");
        HttpResponse<String> byDeletedValue = sandbox.get("opportunities(cosell_referralid='ref-gone')");
        HttpResponse<String> reusedOld = sandbox.patch("opportunities(cosell_referralid='ref-old')",
                object("name", "Second"), "If-None-Match", "*");
        HttpResponse<String> reusedGone = sandbox.patch("opportunities(cosell_referralid='ref-gone')",
                object("name", "Third"), "If-None-Match", "*");

        // then
        assertThat(byOldValue.statusCode()).isEqualTo(404);
        assertThat(byNewValue.statusCode()).as("keys compare as Dataverse text does, ignoring case").isEqualTo(200);
        assertThat(json(byNewValue).get("opportunityid").asText()).isEqualTo(moved);
        assertThat(byDeletedValue.statusCode()).isEqualTo(404);
        assertThat(reusedOld.statusCode()).isEqualTo(204);
        assertThat(reusedGone.statusCode()).isEqualTo(204);
        assertThat(json(sandbox.get("opportunities(cosell_referralid='ref-old')")).get("name").asText())
                .isEqualTo("Second");
    }

    @Test
    void aKeyThatIsNotAnAlternateKeyIs400() {
        // when
        HttpResponse<String> response = sandbox.patch("opportunities(name='x')", object("name", "x"));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void concurrentUpsertsOfOneKeyCreateOneRow() throws Exception {
        // given
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CyclicBarrier together = new CyclicBarrier(20);
        List<Future<Integer>> results = new ArrayList<>();

        // when
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(pool.submit(() -> together.await() >= 0 ? sandbox.patch("opportunities(cosell_referralid='race')?$select=name",
                    object("name", "Writer " + n), "Prefer", "return=representation").statusCode() : 0));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();

        // then
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(19);
        assertThat(json(sandbox.get("opportunities?$filter=" + enc("cosell_referralid eq 'race'"))).get("value"))
                .hasSize(1);
    }
}
