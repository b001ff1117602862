package io.cosell.cli;

import io.cosell.shared.catalogue.CatalogueImport;
import io.cosell.shared.catalogue.CatalogueRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code solutions import FILE}. */
@Command(name = "solutions", description = "Manage Microsoft's solution catalogue in the CRM (cosell_solutiondetails).",
        subcommands = SolutionsCommand.Import.class)
final class SolutionsCommand {

    /** Header names accepted for each value (compared without case, spaces or punctuation). */
    private static final Map<String, List<String>> HEADERS = Map.of(
            "id", List.of("solutionid", "id", "solution"),
            "name", List.of("name", "solutionname"),
            "type", List.of("type", "solutiontype"),
            "publisher", List.of("publisher", "publishername", "partner"));

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Loads the solution catalogue sellers pick from, as Microsoft lets admins bulk-load it from "
                    + "a spreadsheet: a CSV file or an Excel workbook (.xlsx, first sheet) with the columns Solution ID, "
                    + "Name, Type and Publisher (header row first; other columns are ignored).",
                    "Upserts by solution id and reports each row as created, updated, unchanged or rejected (with the "
                            + "reason). Exit code 1 when a row was rejected.",
                    "Needs: the Dataverse URL (or the sandbox) and the catalogue table (schema install)."},
            footer = {"", "Example:", "  bin/cosell --sandbox solutions import catalogue.xlsx"})
    static final class Import extends Leaf {

        @Parameters(paramLabel = "FILE", description = "The catalogue: .csv or .xlsx")
        Path file;

        @Override
        int run(Services services, Output out) throws IOException {
            List<CatalogueRow> rows = rows(file);
            out.progress("importing " + rows.size() + " row(s) from " + file);
            int[] done = {0};
            CatalogueImport.Report report = new CatalogueImport(services.dataverse(), services.mapping().connectorColumns())
                    .load(rows, row -> {
                        done[0]++;
                        if (row.outcome() == CatalogueImport.Outcome.REJECTED) {
                            out.progress("  line " + row.line() + " rejected: " + row.reason());
                        }
                        if (done[0] % 50 == 0) {
                            out.progress("  " + done[0] + "/" + rows.size() + " rows");
                        }
                    });
            String summary = report.count(CatalogueImport.Outcome.CREATED) + " created, "
                    + report.count(CatalogueImport.Outcome.UPDATED) + " updated, "
                    + report.count(CatalogueImport.Outcome.UNCHANGED) + " unchanged, "
                    + report.count(CatalogueImport.Outcome.REJECTED) + " rejected";
            out.line(summary);
            Map<String, Object> doc = new LinkedHashMap<>();
            for (CatalogueImport.Outcome outcome : CatalogueImport.Outcome.values()) {
                doc.put(outcome.name().toLowerCase(Locale.ROOT), report.count(outcome));
            }
            doc.put("rows", report.rows());
            out.document(doc);
            if (report.count(CatalogueImport.Outcome.REJECTED) > 0) {
                err().println("cosell: " + report.count(CatalogueImport.Outcome.REJECTED) + " row(s) rejected ("
                        + summary + ")");
                return 1;
            }
            return 0;
        }
    }

    static List<CatalogueRow> rows(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Sheet sheet;
        if (name.endsWith(".xlsx")) {
            sheet = XlsxReader.read(file);
        } else if (name.endsWith(".csv") || name.endsWith(".txt")) {
            sheet = CsvReader.read(Files.readString(file, StandardCharsets.UTF_8));
        } else {
            throw new IOException("unknown file type " + file.getFileName() + ": give a .csv or an .xlsx file");
        }
        if (sheet.rows().isEmpty()) {
            throw new IOException(file + " is empty");
        }
        List<String> header = sheet.rows().get(0).stream().map(SolutionsCommand::normalise).toList();
        int id = find(header, "id");
        int title = find(header, "name");
        if (id < 0 || title < 0) {
            throw new IOException("the first row must name the columns: Solution ID and Name are required, found "
                    + sheet.rows().get(0));
        }
        int type = find(header, "type");
        int publisher = find(header, "publisher");
        List<CatalogueRow> rows = new ArrayList<>();
        for (int i = 1; i < sheet.rows().size(); i++) {
            List<String> row = sheet.rows().get(i);
            if (row.stream().allMatch(cell -> cell == null || cell.isBlank())) {
                continue;
            }
            rows.add(new CatalogueRow(i + 1, Sheet.cell(row, id), Sheet.cell(row, title), Sheet.cell(row, type),
                    Sheet.cell(row, publisher)));
        }
        return rows;
    }

    private static int find(List<String> header, String key) {
        for (String accepted : HEADERS.get(key)) {
            int index = header.indexOf(accepted);
            if (index >= 0) {
                return index;
            }
        }
        return -1;
    }

    private static String normalise(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
