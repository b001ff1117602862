package io.cosell.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XlsxReaderTest {

    @TempDir
    Path folder;

    @Test
    void readsTheFirstSheetOfAWorkbookExcelWrites() throws IOException {
        // given a gap in the second row, a number, and a second sheet
        Path file = Workbooks.write(folder.resolve("catalogue.xlsx"), "Solutions",
                new Object[] {"Solution ID", "Name", "Type", "Publisher"},
                new Object[] {"SOL-15974-MQF", "Contoso Cloud Migration Factory", null, "Contoso Partners"},
                new Object[] {"SOL-2", 42, "Name", "Ünïcødé Partners"});

        // when
        Sheet sheet = XlsxReader.read(file);

        // then
        assertThat(sheet.rows()).containsExactly(
                List.of("Solution ID", "Name", "Type", "Publisher"),
                List.of("SOL-15974-MQF", "Contoso Cloud Migration Factory", "", "Contoso Partners"),
                List.of("SOL-2", "42", "Name", "Ünïcødé Partners"));
    }

    @Test
    void aFileThatIsNoWorkbookIsAnError() throws IOException {
        // given
        Path file = Files.writeString(folder.resolve("catalogue.xlsx"), "Solution ID,Name\n");

        // when / then
        assertThatThrownBy(() -> XlsxReader.read(file)).hasMessageContaining("not an .xlsx workbook");
    }

    @Test
    void columnLettersBecomeIndexes() {
        // when / then
        assertThat(XlsxReader.column("A1")).isZero();
        assertThat(XlsxReader.column("C7")).isEqualTo(2);
        assertThat(XlsxReader.column("AA10")).isEqualTo(26);
    }
}
