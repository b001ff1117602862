package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets never reach the functions' output over the sandbox: a referral from Microsoft reaches the CRM, a seller's
 * shared opportunity reaches Partner Center, and a sync meets Partner Center answering 500; then every line every
 * function.zip worker wrote to stdout and stderr is searched for the refresh tokens (the configured one and every
 * one the Entra emulator issued since), every access token it issued, and the client secret as a request or
 * configuration would carry it. The sandbox's client secret is the word "sandbox", which is everywhere in its URLs,
 * so the secret is looked for in the shapes a leak would take.
 */
class SecretsInFunctionLogsE2EIT {

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static Sandbox sandbox;
    private static SandboxClient client;
    private static final List<String> syncLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2)));
        sandbox.onSyncLine(syncLines::add);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void no_secret_or_token_appears_in_any_functions_output() {
        // given: a referral from Microsoft has reached the CRM
        String referralId = client.microsoftSharesReferral(json("{}")).path("id").asText();
        await().atMost(SYNC).until(() -> client.crmRowsByReferral("leads", referralId), rows -> !rows.isEmpty());
        // and a seller's shared opportunity has reached Partner Center
        String opportunityId = sellerSharesOpportunity();
        await().atMost(SYNC).until(() -> client.crmRow("opportunities", opportunityId),
                row -> row.path("cosell_referralid").isTextual());
        // and a sync met Partner Center answering 500
        String failing = client.microsoftSharesReferral(json("{}")).path("id").asText();
        client.partnerCenterFaults(json("{\"serverErrorShare\": 1.0}"));
        await().atMost(SYNC).until(() -> syncLines.stream().anyMatch(line -> line.contains(failing)
                && line.contains("RETRY_LATER")));
        client.resetFaults();

        // when
        String output = allFunctionOutput();
        Set<String> tokens = new HashSet<>(sandbox.entra().issuedAccessTokens());
        tokens.addAll(sandbox.entra().refreshTokens());
        tokens.add(EntraSettings.SANDBOX_REFRESH_TOKEN);

        // then: the output is there (sync lines, the 500) and holds no token
        assertThat(output).contains("sync: referral " + referralId, "500");
        assertThat(sandbox.entra().issuedAccessTokens()).isNotEmpty();
        assertThat(tokens).allSatisfy(token -> assertThat(output).as("function output").doesNotContain(token));
        // and no client secret, as a form field, a JSON field or a configuration value would show it
        String lower = output.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("client_secret", "clientsecret", "client-secret=",
                "secret=" + EntraSettings.SANDBOX_CLIENT_SECRET, "\"secret\":\"" + EntraSettings.SANDBOX_CLIENT_SECRET);
    }

    private static String allFunctionOutput() {
        StringBuilder all = new StringBuilder();
        for (Path folder : sandbox.functionLogDirectories()) {
            try (Stream<Path> logs = Files.list(folder)) {
                for (Path log : logs.toList()) {
                    all.append(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    private static String sellerSharesOpportunity() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String accountId = client.sellerCreates("accounts", json("""
                {"name": "Secrets %s", "address1_city": "Dublin", "address1_postalcode": "D02 1234", "address1_country": "IE"}"""
                .formatted(suffix)));
        ObjectNode contact = json("{\"firstname\": \"Sam\", \"lastname\": \"Buyer\", \"emailaddress1\": \"sam.%s@customer.example\"}"
                .formatted(suffix));
        contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
        String contactId = client.sellerCreates("contacts", contact);
        String eur = client.crmRows("transactioncurrencies", "isocurrencycode eq 'EUR'").getFirst()
                .path("transactioncurrencyid").asText();
        ObjectNode opportunity = json("""
                {"name": "Secrets %s - Azure landing zone", "estimatedvalue": 85000, "estimatedclosedate": "2027-09-30",
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}""".formatted(suffix));
        opportunity.put("customerid_account@odata.bind", "/accounts(" + accountId + ")");
        opportunity.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
        opportunity.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + eur + ")");
        String opportunityId = client.sellerCreates("opportunities", opportunity);
        ObjectNode solution = json("""
                {"cosell_solutionid": "SOL-1234567-ABC", "cosell_name": "Landing Zone Accelerator", "cosell_type": "Name"}""");
        solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunityId + ")");
        client.sellerCreates("cosell_solutions", solution);
        return opportunityId;
    }
}
