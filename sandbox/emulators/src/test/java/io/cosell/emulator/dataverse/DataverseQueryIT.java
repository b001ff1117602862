package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.enc;
import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;

class DataverseQueryIT {

    private static DataverseSandbox sandbox;
    private static UUID contoso;
    private static UUID fabrikam;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults());
        contoso = sandbox.create("accounts", object("name", "Contoso", "address1_postalcode", "98052"));
        fabrikam = sandbox.create("accounts", object("name", "Fabrikam", "address1_postalcode", "10117"));
        opportunity("O'Brien & Sons", 100, "2024-01-10", contoso, true);
        opportunity("A+B Consulting", 250.5, "2024-03-01", contoso, false);
        opportunity("Hash #1 Deal", 400, "2024-06-30", fabrikam, false);
        opportunity("fabrikam renewal", 400, null, fabrikam, true);
        opportunity("Unvalued", null, null, null, false);
        for (int i = 0; i < 250; i++) {
            sandbox.create("leads", object("subject", "Lead " + i, "companyname", "Paging Co"));
        }
    }

    private static void opportunity(String name, Number value, String closeDate, UUID account, boolean sync) {
        var body = object("name", name, "cosell_syncwithpartnercenter", sync);
        if (value != null) {
            body.put("estimatedvalue", value.doubleValue());
        }
        if (closeDate != null) {
            body.put("estimatedclosedate", closeDate);
        }
        if (account != null) {
            body.put("parentaccountid@odata.bind", "/accounts(" + account + ")");
        }
        sandbox.create("opportunities", body);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static List<String> names(String filter) {
        HttpResponse<String> response = sandbox.get("opportunities?$select=name&$filter=" + enc(filter));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(response).get("value").forEach(row -> names.add(row.get("name").asText()));
        return names;
    }

    @Test
    void stringEqualityHandlesDoubledQuotesAndEncodedAmpersandPlusAndHash() {
        assertThat(names("name eq 'O''Brien & Sons'")).containsExactly("O'Brien & Sons");
        assertThat(names("name eq 'A+B Consulting'")).containsExactly("A+B Consulting");
        assertThat(names("name eq 'Hash #1 Deal'")).containsExactly("Hash #1 Deal");
    }

    @Test
    void stringComparisonIsCaseInsensitive() {
        assertThat(names("name eq 'FABRIKAM RENEWAL'")).containsExactly("fabrikam renewal");
    }

    @Test
    void comparisonOperatorsOnNumbers() {
        assertThat(names("estimatedvalue eq 400")).containsExactlyInAnyOrder("Hash #1 Deal", "fabrikam renewal");
        assertThat(names("estimatedvalue ne 400")).containsExactlyInAnyOrder("O'Brien & Sons", "A+B Consulting");
        assertThat(names("estimatedvalue gt 250.5")).containsExactlyInAnyOrder("Hash #1 Deal", "fabrikam renewal");
        assertThat(names("estimatedvalue ge 250.5")).hasSize(3);
        assertThat(names("estimatedvalue lt 250.5")).containsExactly("O'Brien & Sons");
        assertThat(names("estimatedvalue le 250.5")).containsExactly("O'Brien & Sons", "A+B Consulting");
    }

    @Test
    void nullBooleanDateAndDateTimeLiterals() {
        assertThat(names("estimatedvalue eq null")).containsExactly("Unvalued");
        assertThat(names("estimatedclosedate ne null")).hasSize(3);
        assertThat(names("cosell_syncwithpartnercenter eq true")).containsExactly("O'Brien & Sons", "fabrikam renewal");
        assertThat(names("estimatedclosedate ge 2024-03-01")).containsExactly("A+B Consulting", "Hash #1 Deal");
        assertThat(names("createdon gt 2000-01-01T00:00:00Z")).hasSize(5);
        assertThat(names("createdon lt 2000-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void lookupValuesCompareWithUnquotedGuids() {
        assertThat(names("_parentaccountid_value eq " + fabrikam))
                .containsExactlyInAnyOrder("Hash #1 Deal", "fabrikam renewal");
    }

    @Test
    void logicalOperatorsAndParentheses() {
        assertThat(names("estimatedvalue eq 400 and cosell_syncwithpartnercenter eq true")).containsExactly("fabrikam renewal");
        assertThat(names("name eq 'Unvalued' or estimatedvalue lt 200")).containsExactly("O'Brien & Sons", "Unvalued");
        assertThat(names("not (estimatedvalue ge 100)")).as("null values are unknown, also under not").isEmpty();
        assertThat(names("estimatedvalue eq null or not (estimatedvalue ge 100)")).containsExactly("Unvalued");
        assertThat(names("(estimatedvalue eq 100 or estimatedvalue eq 400) and not cosell_syncwithpartnercenter eq true"))
                .containsExactly("Hash #1 Deal");
    }

    @Test
    void stringFunctions() {
        assertThat(names("contains(name,'brien &')")).containsExactly("O'Brien & Sons");
        assertThat(names("startswith(name,'fab')")).containsExactly("fabrikam renewal");
        assertThat(names("endswith(name,'DEAL')")).containsExactly("Hash #1 Deal");
        assertThat(names("not contains(name,'a')")).containsExactly("O'Brien & Sons");
    }

    @Test
    void alternateOrderingWithSeveralKeys() {
        // when
        JsonNode value = json(sandbox.get("opportunities?$select=name&$orderby=" + enc("estimatedvalue desc,name asc")))
                .get("value");

        // then
        List<String> names = new ArrayList<>();
        value.forEach(row -> names.add(row.get("name").asText()));
        assertThat(names).containsExactly("fabrikam renewal", "Hash #1 Deal", "A+B Consulting", "O'Brien & Sons",
                "Unvalued");
    }

    @Test
    void topLimitsAndCountCountsAllMatches() {
        // when
        JsonNode body = json(sandbox.get("opportunities?$select=name&$top=2&$count=true&$orderby=name"));

        // then
        assertThat(body.get("value")).hasSize(2);
        assertThat(body.get("@odata.count").asInt()).isEqualTo(5);
        assertThat(body.has("@odata.nextLink")).isFalse();
    }

    @Test
    void skipIsNotSupported() {
        // when
        HttpResponse<String> response = sandbox.get("opportunities?$skip=1");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText()).contains("$skip");
    }

    @Test
    void malformedFiltersAre400WithAClearMessage() {
        // when
        HttpResponse<String> syntax = sandbox.get("opportunities?$filter=" + enc("name eqq 'x'"));
        HttpResponse<String> unterminated = sandbox.get("opportunities?$filter=" + enc("name eq 'x"));
        HttpResponse<String> unknown = sandbox.get("opportunities?$filter=" + enc("nosuch eq 1"));
        HttpResponse<String> types = sandbox.get("opportunities?$filter=" + enc("estimatedvalue eq 'x'"));

        // then
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(json(syntax).at("/error/message").asText()).contains("Syntax error");
        assertThat(unterminated.statusCode()).isEqualTo(400);
        assertThat(json(unterminated).at("/error/message").asText()).contains("Unterminated");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).at("/error/message").asText()).contains("nosuch");
        assertThat(types.statusCode()).isEqualTo(400);
        assertThat(json(types).at("/error/message").asText()).contains("incompatible types");
    }

    @Test
    void unknownSelectColumnIs400() {
        // when
        HttpResponse<String> response = sandbox.get("accounts?$select=name,nosuch");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void maxPageSizePagesThroughAllRowsWithNextLinks() {
        // given
        String first = "leads?$select=subject&$filter=" + enc("companyname eq 'Paging Co'") + "&$top=3";
        Set<String> ids = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = first;

        // when
        while (next != null) {
            HttpResponse<String> response = sandbox.get(next, "Prefer", "odata.maxpagesize=100");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Preference-Applied")).contains("odata.maxpagesize=100");
            JsonNode body = json(response);
            pageSizes.add(body.get("value").size());
            body.get("value").forEach(row -> ids.add(row.get("leadid").asText()));
            next = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
            if (next != null) {
                assertThat(next).startsWith(sandbox.dataverse.apiRoot().toString()).contains("$skiptoken=");
            }
        }

        // then
        assertThat(pageSizes).containsExactly(100, 100, 50);
        assertThat(ids).hasSize(250);
    }

    @Test
    void aSkipTokenOfAnotherOrderIs400() {
        // given
        String nextLink = json(sandbox.get("leads?$select=subject", "Prefer", "odata.maxpagesize=10"))
                .get("@odata.nextLink").asText();

        // when
        HttpResponse<String> response = sandbox.get(nextLink + "&$orderby=subject", "Prefer", "odata.maxpagesize=10");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void pagingFollowsTheRequestedOrder() {
        // given
        String next = "leads?$select=subject&$orderby=" + enc("subject desc");
        List<String> subjects = new ArrayList<>();

        // when
        while (next != null) {
            JsonNode body = json(sandbox.get(next, "Prefer", "odata.maxpagesize=60"));
            body.get("value").forEach(row -> subjects.add(row.get("subject").asText()));
            next = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
        }

        // then
        assertThat(subjects).hasSize(250).isSortedAccordingTo((a, b) -> b.compareToIgnoreCase(a));
    }
}
