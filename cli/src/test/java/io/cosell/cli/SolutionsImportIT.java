package io.cosell.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/cosell solutions import} against the Dataverse emulator (with the connector's schema and its sample catalogue). */
class SolutionsImportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    private EntraEmulator entra;
    private DataverseEmulator dataverse;

    @BeforeEach
    void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        dataverse.seed();
    }

    @AfterEach
    void stop() {
        dataverse.close();
        entra.close();
    }

    @Test
    void aCsvWithABadRowLoadsTheOthersAndNamesTheRejectedRowWithItsReason() throws Exception {
        // given: one sample solution unchanged, one renamed, one new, one without a name, one id with a slash
        Path csv = Files.writeString(folder.resolve("catalogue.csv"), """
                Solution ID,Name,Type,Publisher
                SOL-15974-MQF,Contoso Cloud Migration Factory,Name,Contoso Partners
                SOL-20481-XKA,Data Estate Modernization,Name,Contoso Partners
                SOL-90001-NEW,"Fabrikam, Copilot Adoption",Name,Fabrikam
                SOL-90002-BAD,,Name,Fabrikam
                SOL/90003,Slash Solution,Name,Fabrikam
                """);

        // when
        Run run = cosell("--json", "solutions", "import", csv.toString());

        // then
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("2 row(s) rejected");
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("created").asInt()).isEqualTo(1);
        assertThat(report.path("updated").asInt()).isEqualTo(1);
        assertThat(report.path("unchanged").asInt()).isEqualTo(1);
        assertThat(report.path("rejected").asInt()).isEqualTo(2);
        assertThat(report.path("rows").get(3).path("line").asInt()).isEqualTo(5);
        assertThat(report.path("rows").get(3).path("reason").asText()).isEqualTo("the solution name is empty");
        assertThat(report.path("rows").get(4).path("reason").asText()).contains("'/'");
        assertThat(catalogueName("SOL-20481-XKA")).isEqualTo("Data Estate Modernization");
        assertThat(catalogueName("SOL-90001-NEW")).isEqualTo("Fabrikam, Copilot Adoption");
    }

    @Test
    void anExcelWorkbookLoadsTheSameWayAndASecondImportChangesNothing() throws Exception {
        // given
        Path xlsx = Workbooks.write(folder.resolve("catalogue.xlsx"), "Catalogue",
                new Object[] {"Solution ID", "Solution name", "Type", "Publisher", "Comment"},
                new Object[] {"SOL-70001-XLS", "Workbook Solution", "Name", "Tailspin", "ignored"},
                new Object[] {"", "No id", "Name", "Tailspin"});
        cosell("solutions", "import", xlsx.toString());

        // when
        Run second = cosell("solutions", "import", xlsx.toString());

        // then
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.out()).contains("0 created, 0 updated, 1 unchanged, 1 rejected")
                .contains("line 3 rejected: the solution id is empty");
        assertThat(catalogueName("SOL-70001-XLS")).isEqualTo("Workbook Solution");
    }

    private String catalogueName(String solutionId) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String token = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(entra.server().baseUri() + "/sandbox-tenant/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=sandbox"
                        + "&client_secret=sandbox&scope=" + java.net.URLEncoder.encode(dataverse.scope(), java.nio.charset.StandardCharsets.UTF_8)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dataverse.apiRoot()
                        + "cosell_solutiondetails(cosell_solutionid='" + solutionId + "')?$select=cosell_name"))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body).path("cosell_name").asText();
    }

    private Run cosell(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--sandbox";
        all[1] = "--dataverse-url=" + dataverse.apiRoot();
        all[2] = "--entra-url=" + entra.server().baseUri();
        all[3] = "--region=us-east-1";
        System.arraycopy(args, 0, all, 4, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CosellCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), all);
        return new Run(code, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {
    }
}
