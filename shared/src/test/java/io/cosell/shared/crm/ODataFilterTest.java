package io.cosell.shared.crm;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static io.cosell.shared.crm.ODataFilter.and;
import static io.cosell.shared.crm.ODataFilter.contains;
import static io.cosell.shared.crm.ODataFilter.eq;
import static io.cosell.shared.crm.ODataFilter.ge;
import static io.cosell.shared.crm.ODataFilter.not;
import static io.cosell.shared.crm.ODataFilter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ODataFilterTest {

    @Test
    void stringLiteralsDoubleSingleQuotes() {
        assertThat(eq("name", "O'Brien & Sons").expression()).isEqualTo("name eq 'O''Brien & Sons'");
    }

    @Test
    void aQuoteInAValueCannotEndTheLiteral() {
        // given
        String attack = "x' or name ne 'y";

        // when
        String expression = eq("name", attack).expression();

        // then
        assertThat(expression).isEqualTo("name eq 'x'' or name ne ''y'");
    }

    @Test
    void typedValuesBecomeODataLiterals() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertThat(eq("_parentaccountid_value", id).expression())
                .isEqualTo("_parentaccountid_value eq 00000000-0000-0000-0000-000000000001");
        assertThat(eq("statecode", 0).expression()).isEqualTo("statecode eq 0");
        assertThat(ge("estimatedvalue", new BigDecimal("1E+3")).expression()).isEqualTo("estimatedvalue ge 1000");
        assertThat(ge("estimatedvalue", 12.5).expression()).isEqualTo("estimatedvalue ge 12.5");
        assertThat(eq("cosell_syncwithpartnercenter", true).expression()).isEqualTo("cosell_syncwithpartnercenter eq true");
        assertThat(ODataFilter.gt("modifiedon", Instant.parse("2024-05-01T00:00:00Z")).expression())
                .isEqualTo("modifiedon gt 2024-05-01T00:00:00Z");
        assertThat(eq("estimatedclosedate", LocalDate.of(2024, 11, 14)).expression())
                .isEqualTo("estimatedclosedate eq 2024-11-14");
        assertThat(eq("description", null).expression()).isEqualTo("description eq null");
    }

    @Test
    void unsupportedValuesAreRefused() {
        assertThatThrownBy(() -> eq("x", new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> eq("x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnNamesMustBeIdentifiers() {
        assertThatThrownBy(() -> eq("name eq 'a' or name", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> contains("a/b", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logicalOperatorsGroupCompositeOperands() {
        // when
        ODataFilter filter = and(or(eq("a", 1), eq("b", 2)), not(contains("name", "x")), eq("c", 3));

        // then
        assertThat(filter.expression()).isEqualTo("(a eq 1 or b eq 2) and not (contains(name,'x')) and c eq 3");
        assertThat(eq("a", 1).and(eq("b", 2)).or(eq("c", 3)).expression()).isEqualTo("(a eq 1 and b eq 2) or c eq 3");
    }

    @Test
    void stringFunctionsQuoteTheirArgument() {
        assertThat(ODataFilter.startsWith("name", "it's").expression()).isEqualTo("startswith(name,'it''s')");
        assertThat(ODataFilter.endsWith("name", "x").expression()).isEqualTo("endswith(name,'x')");
    }
}
