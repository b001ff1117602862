package io.cosell.cli;

import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes Excel workbooks with Apache POI, as Excel saves them (shared strings, numeric cells, several sheets). */
final class Workbooks {

    private Workbooks() {
    }

    /** Rows of cells; a {@link Number} becomes a numeric cell, anything else a string; null leaves the cell out. */
    static Path write(Path file, String firstSheetName, Object[]... rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            XSSFSheet sheet = workbook.createSheet(firstSheetName);
            for (int r = 0; r < rows.length; r++) {
                XSSFRow row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    Object value = rows[r][c];
                    if (value instanceof Number number) {
                        row.createCell(c).setCellValue(number.doubleValue());
                    } else if (value != null) {
                        row.createCell(c).setCellValue(value.toString());
                    }
                }
            }
            workbook.createSheet("Notes").createRow(0).createCell(0).setCellValue("not the catalogue");
            workbook.write(out);
        }
        return file;
    }
}
