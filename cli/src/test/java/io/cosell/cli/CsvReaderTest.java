package io.cosell.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReaderTest {

    @Test
    void readsQuotedFieldsWithSeparatorsQuotesAndLineBreaks() {
        // given
        String csv = "\uFEFFSolution ID,Name\r\nSOL-1,\"Contoso, \"\"Cloud\"\"\nMigration\"\r\nSOL-2,Plain\n";

        // when
        Sheet sheet = CsvReader.read(csv);

        // then
        assertThat(sheet.rows()).containsExactly(List.of("Solution ID", "Name"),
                List.of("SOL-1", "Contoso, \"Cloud\"\nMigration"), List.of("SOL-2", "Plain"));
    }

    @Test
    void readsSemicolonSeparatedFilesAsSpreadsheetsSaveThemInManyLocales() {
        // given
        String csv = "Solution ID;Name\nSOL-1;Contoso";

        // when
        Sheet sheet = CsvReader.read(csv);

        // then
        assertThat(sheet.rows()).containsExactly(List.of("Solution ID", "Name"), List.of("SOL-1", "Contoso"));
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        // given
        String csv = "Solution ID,Name\nSOL-1,\"Contoso";

        // when / then
        assertThatThrownBy(() -> CsvReader.read(csv)).hasMessageContaining("quote");
    }
}
