package io.cosell.shared.crm;

import org.junit.jupiter.api.Test;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ODataQueryTest {

    @Test
    void filterValuesArePercentEncodedSoTheyCannotEndTheOption() {
        // when
        String query = ODataQuery.select("name").filter(eq("name", "O'Brien & Sons + #1 = 100%?")).toQueryString();

        // then
        assertThat(query).isEqualTo("$select=name&$filter=name%20eq%20'O''Brien%20%26%20Sons%20%2B%20%231%20%3D%20100%25%3F'");
    }

    @Test
    void nonAsciiIsEncodedAsUtf8() {
        assertThat(ODataQuery.all().filter(eq("name", "Nováková")).toQueryString())
                .isEqualTo("$filter=name%20eq%20'Nov%C3%A1kov%C3%A1'");
    }

    @Test
    void allOptionsInOrder() {
        // when
        String query = ODataQuery.select("name", "modifiedon")
                .filter(ODataFilter.gt("modifiedon", java.time.Instant.parse("2024-05-01T00:00:00Z")))
                .orderByAsc("modifiedon").orderByDesc("opportunityid").top(10).toQueryString();

        // then
        assertThat(query).isEqualTo("$select=name,modifiedon&$filter=modifiedon%20gt%202024-05-01T00:00:00Z"
                + "&$orderby=modifiedon%20asc,opportunityid%20desc&$top=10");
    }

    @Test
    void noOptionsGiveAnEmptyQueryString() {
        assertThat(ODataQuery.all().toQueryString()).isEmpty();
    }

    @Test
    void columnNamesAndLimitsAreChecked() {
        assertThatThrownBy(() -> ODataQuery.select("name&$top=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ODataQuery.all().orderByAsc("name desc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ODataQuery.all().maxPageSize(5001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ODataQuery.all().top(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
