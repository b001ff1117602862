package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.enc;
import static io.cosell.emulator.dataverse.DataverseSandbox.idOf;
import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

/** A record created without a currency gets the organization's base currency, as in Dataverse. */
class DataverseBaseCurrencyIT {

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

    @ParameterizedTest(name = "{0}")
    @CsvSource({"opportunities, name", "leads, subject", "accounts, name"})
    void aRecordCreatedWithoutACurrencyGetsTheBaseCurrency(String set, String nameColumn) {
        // given
        String baseCurrency = currencyId("USD");

        // when
        HttpResponse<String> created = sandbox.post(set, object(nameColumn, "Azure migration"));
        JsonNode record = json(sandbox.get(set + "(" + idOf(created) + ")",
                "Prefer", "odata.include-annotations=\"*\""));

        // then
        assertThat(created.statusCode()).isEqualTo(204);
        assertThat(record.get("_transactioncurrencyid_value").asText()).isEqualTo(baseCurrency);
        assertThat(record.get("_transactioncurrencyid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText())
                .isEqualTo("transactioncurrency");
        assertThat(record.get("_transactioncurrencyid_value@OData.Community.Display.V1.FormattedValue").asText())
                .isEqualTo("US Dollar");
    }

    @Test
    void aCreateWithReturnRepresentationShowsTheBaseCurrency() {
        // when
        HttpResponse<String> created = sandbox.post("opportunities", object("name", "Azure migration"),
                "Prefer", "return=representation");

        // then
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("_transactioncurrencyid_value").asText()).isEqualTo(currencyId("USD"));
    }

    @Test
    void aBoundCurrencyIsKept() {
        // given
        String euro = currencyId("EUR");

        // when
        UUID id = sandbox.create("opportunities", object("name", "Azure migration",
                "transactioncurrencyid@odata.bind", "/transactioncurrencies(" + euro + ")"));

        // then
        assertThat(json(sandbox.get("opportunities(" + id + ")")).get("_transactioncurrencyid_value").asText())
                .isEqualTo(euro);
    }

    @Test
    void anUpsertThatCreatesGetsTheBaseCurrency() {
        // given
        String key = "opportunities(cosell_referralid='" + enc("REF-1") + "')";

        // when
        HttpResponse<String> upserted = sandbox.patch(key, object("name", "Azure migration"));

        // then
        assertThat(upserted.statusCode()).isEqualTo(204);
        assertThat(json(sandbox.get(key)).get("_transactioncurrencyid_value").asText()).isEqualTo(currencyId("USD"));
    }

    @Test
    void aCurrencyClearedOnUpdateStaysCleared() {
        // given
        UUID id = sandbox.create("opportunities", object("name", "Azure migration"));

        // when
        HttpResponse<String> cleared = sandbox.patch("opportunities(" + id + ")",
                object("transactioncurrencyid@odata.bind", null));

        // then
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(json(sandbox.get("opportunities(" + id + ")")).get("_transactioncurrencyid_value").isNull()).isTrue();
    }

    private static String currencyId(String iso) {
        JsonNode page = json(sandbox.get("transactioncurrencies?$select=transactioncurrencyid&$filter="
                + enc("isocurrencycode eq '" + iso + "'")));
        return page.get("value").get(0).get("transactioncurrencyid").asText();
    }
}
