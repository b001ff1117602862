package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.enc;
import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseChangeTrackingIT {

    private static final String TRACK = "odata.track-changes";
    private static final MutableClock CLOCK = new MutableClock();
    private static DataverseSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults().withChangeTrackingExpiry(Duration.ofDays(7)), CLOCK);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.control("POST", "/_sandbox/reset", null);
    }

    /** The initial load: all pages; returns the delta link of the last page. */
    private static String initialLoad(List<JsonNode> rows) {
        String next = "accounts?$select=name";
        while (true) {
            HttpResponse<String> response = sandbox.get(next, "Prefer", TRACK + ",odata.maxpagesize=2");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Preference-Applied").orElse("")).contains(TRACK);
            JsonNode body = json(response);
            body.get("value").forEach(rows::add);
            if (body.has("@odata.deltaLink")) {
                assertThat(body.has("@odata.nextLink")).isFalse();
                return body.get("@odata.deltaLink").asText();
            }
            next = body.get("@odata.nextLink").asText();
        }
    }

    @Test
    void initialLoadReturnsAllRowsAndTheDeltaLinkOnTheLastPage() {
        // given
        for (int i = 0; i < 5; i++) {
            sandbox.create("accounts", object("name", "Account " + i));
        }
        List<JsonNode> rows = new ArrayList<>();

        // when
        String deltaLink = initialLoad(rows);

        // then
        assertThat(rows).hasSize(5);
        assertThat(deltaLink).startsWith(sandbox.dataverse.apiRoot() + "accounts?$select=name&$deltatoken=");
    }

    @Test
    void deltaReturnsChangesThenDeletesAndANewLink() {
        // given
        UUID kept = sandbox.create("accounts", object("name", "Kept"));
        UUID changed = sandbox.create("accounts", object("name", "Changed"));
        UUID deleted = sandbox.create("accounts", object("name", "Deleted"));
        String deltaLink = initialLoad(new ArrayList<>());
        sandbox.patch("accounts(" + changed + ")", object("name", "Changed again"));
        sandbox.delete("accounts(" + deleted + ")");
        UUID created = sandbox.create("accounts", object("name", "Created"));

        // when
        HttpResponse<String> response = sandbox.get(deltaLink);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("@odata.context").asText()).endsWith("$metadata#accounts(name)/$delta");
        JsonNode value = body.get("value");
        assertThat(value).hasSize(3);
        assertThat(value.get(0).get("accountid").asText()).isEqualTo(changed.toString());
        assertThat(value.get(0).get("name").asText()).isEqualTo("Changed again");
        assertThat(value.get(0).has("@odata.etag")).isTrue();
        assertThat(value.get(1).get("accountid").asText()).isEqualTo(created.toString());
        assertThat(value.get(2).get("id").asText()).isEqualTo(deleted.toString());
        assertThat(value.get(2).get("reason").asText()).isEqualTo("deleted");
        assertThat(value.get(2).get("@odata.context").asText())
                .isEqualTo(sandbox.dataverse.apiRoot() + "$metadata#accounts/$deletedEntity");
        assertThat(value.findValuesAsText("accountid")).doesNotContain(kept.toString());
        String nextLink = body.get("@odata.deltaLink").asText();
        assertThat(nextLink).isNotEqualTo(deltaLink);
        assertThat(json(sandbox.get(nextLink)).get("value")).isEmpty();
    }

    @Test
    void tokensExpireAfterTheConfiguredTime() {
        // given
        String deltaLink = initialLoad(new ArrayList<>());
        CLOCK.advance(Duration.ofDays(7).plusSeconds(1));

        // when
        HttpResponse<String> response = sandbox.get(deltaLink);

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText())
                .isEqualTo("Version stamp associated with the client has expired. Please perform a full sync.");
    }

    @Test
    void tokensWithinTheExpiryStayValid() {
        // given
        String deltaLink = initialLoad(new ArrayList<>());
        CLOCK.advance(Duration.ofDays(6));

        // when
        HttpResponse<String> response = sandbox.get(deltaLink);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void theExpireControlExpiresAllIssuedTokens() {
        // given
        String deltaLink = initialLoad(new ArrayList<>());

        // when
        sandbox.control("POST", "/_sandbox/change-tracking/expire", null);
        HttpResponse<String> response = sandbox.get(deltaLink);

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("0x80044352");
    }

    @Test
    void filterOrderbyAndTopAreRejectedWithChangeTracking() {
        // when
        HttpResponse<String> filter = sandbox.get("accounts?$filter=" + enc("name eq 'x'"), "Prefer", TRACK);
        HttpResponse<String> orderby = sandbox.get("accounts?$orderby=name", "Prefer", TRACK);
        HttpResponse<String> top = sandbox.get("accounts?$top=1", "Prefer", TRACK);

        // then
        assertThat(filter.statusCode()).isEqualTo(400);
        assertThat(json(filter).at("/error/message").asText())
                .isEqualTo("The $filter query parameter isn't supported when Change Tracking is enabled.");
        assertThat(json(orderby).at("/error/message").asText()).contains("$orderby");
        assertThat(json(top).at("/error/message").asText()).contains("$top");
    }

    @Test
    void deltaLinksNeverSkipAChangeWrittenWhileTheyWereIssued() throws Exception {
        // given a poller following delta links while four writers create rows
        try (DataverseSandbox busy = DataverseSandbox.start(DataverseSettings.defaults()
                .withRequestLimit(1_000_000, Duration.ofMinutes(5)))) {
            String[] deltaLink = {json(busy.get("accounts?$select=name", "Prefer", TRACK)).get("@odata.deltaLink").asText()};
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.Set<String> created = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread poller = Thread.ofPlatform().start(() -> {
                while (writing.get()) {
                    JsonNode delta = json(busy.get(deltaLink[0]));
                    delta.get("value").forEach(row -> seen.add(row.path("accountid").asText()));
                    deltaLink[0] = delta.get("@odata.deltaLink").asText();
                }
            });

            // when
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 60; i++) {
                        created.add(busy.create("accounts", object("name", "Writer " + writer + " row " + i)).toString());
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            writing.set(false);
            poller.join();
            json(busy.get(deltaLink[0])).get("value").forEach(row -> seen.add(row.path("accountid").asText()));

            // then every row created is in some delta
            assertThat(created).hasSize(240);
            assertThat(seen).containsAll(created);
        }
    }
}
