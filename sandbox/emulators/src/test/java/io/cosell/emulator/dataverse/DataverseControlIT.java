package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cosell.emulator.dataverse.DataverseSandbox.enc;
import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseControlIT {

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
    void faultsEndpointInjectsThrottlingUntilCleared() {
        // given
        sandbox.control("POST", "/_sandbox/faults", "{\"throttleShare\":1.0,\"retryAfterSeconds\":3}");

        // when
        HttpResponse<String> faulted = sandbox.get("accounts");
        sandbox.control("DELETE", "/_sandbox/faults", null);
        HttpResponse<String> cleared = sandbox.get("accounts");

        // then
        assertThat(faulted.statusCode()).isEqualTo(429);
        assertThat(faulted.headers().firstValue("Retry-After")).contains("3");
        assertThat(json(faulted).has("error")).isTrue();
        assertThat(cleared.statusCode()).isEqualTo(200);
    }

    @Test
    void anObserverIsToldOfEveryRecordCreated() {
        // given
        List<String> created = new CopyOnWriteArrayList<>();
        sandbox.dataverse.observeCreations((table, row) -> {
            if (row.path("name").asText().startsWith("Observed")) {
                created.add(table + " " + row.path("name").asText() + " " + row.path("createdon").isTextual());
            }
        });

        // when
        sandbox.create("accounts", object("name", "Observed one"));
        sandbox.post("opportunities", object("name", "Observed two"));

        // then
        assertThat(created).containsExactly("account Observed one true", "opportunity Observed two true");
    }

    @Test
    void requestsAreCountedPerCaller() {
        // given
        sandbox.get("accounts");
        sandbox.post("accounts", object("name", "x"));
        sandbox.as(DataverseSandbox.OTHER_CLIENT).get("accounts");

        // when
        JsonNode counts = json(sandbox.control("GET", "/_sandbox/requests/count", null));

        // then
        assertThat(counts.get("total").asLong()).isEqualTo(3);
        assertThat(counts.at("/callers/sandbox").asLong()).isEqualTo(2);
        assertThat(counts.at("/callers/other").asLong()).isEqualTo(1);
    }

    @Test
    void resetEmptiesTablesButKeepsTheCurrencies() {
        // given
        sandbox.create("accounts", object("name", "Gone after reset"));

        // when
        sandbox.control("POST", "/_sandbox/reset", null);

        // then
        assertThat(json(sandbox.get("accounts")).get("value")).isEmpty();
        assertThat(json(sandbox.get("transactioncurrencies?$select=isocurrencycode")).get("value").findValuesAsText("isocurrencycode"))
                .contains("USD", "EUR", "GBP", "PLN", "CZK", "JPY");
    }

    @Test
    void seedAddsAccountsContactsAndTheSolutionCatalogue() {
        // when
        sandbox.dataverse.seed();
        sandbox.control("POST", "/_sandbox/seed", null);

        // then
        JsonNode accounts = json(sandbox.get("accounts?$select=name,address1_country,address1_postalcode")).get("value");
        assertThat(accounts.size()).isGreaterThanOrEqualTo(3);
        accounts.forEach(a -> {
            assertThat(a.get("address1_country").asText()).matches("[A-Z]{2}");
            assertThat(a.get("address1_postalcode").asText()).isNotBlank();
        });
        String contoso = DataverseEmulator.sampleId("account", "Contoso Ltd").toString();
        JsonNode contacts = json(sandbox.get("contacts?$filter=" + enc("_parentcustomerid_value eq " + contoso)))
                .get("value");
        assertThat(contacts).hasSize(1);
        JsonNode catalogue = json(sandbox.get("cosell_solutiondetails?$select=cosell_solutionid,cosell_name")).get("value");
        assertThat(catalogue.findValuesAsText("cosell_solutionid")).isNotEmpty().allMatch(id -> id.startsWith("SOL-"));
    }
}
