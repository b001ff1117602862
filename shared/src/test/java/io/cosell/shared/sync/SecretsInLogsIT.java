package io.cosell.shared.sync;

import io.cosell.shared.metrics.EmfWriter;
import io.cosell.shared.metrics.Metrics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.EntraTokenSettings;
import io.cosell.shared.auth.InMemoryRefreshTokenStore;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.HttpReferralClient;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.sync.outbound.CrmRecordOutboundSync;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never reach the logs: a full sync in both directions, then the same with a Partner Center 500, a Dataverse
 * 401 and a revoked refresh token (invalid_grant), with every log record (all loggers, all levels, with their stack
 * traces), everything written to stdout and stderr, and every exception the mapper throws (which the Lambda runtime
 * logs) captured, then searched for the client secret, every refresh token and every access token the Entra
 * emulator issued. The secrets are unique values, so a hit is never a coincidence.
 */
class SecretsInLogsIT {

    private static final String TENANT = "secrets-tenant";
    private static final String CLIENT_ID = "secrets-client";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String REFRESH_TOKEN = "refresh-token-" + UUID.randomUUID();
    private static final UUID EUR = DataverseEmulator.sampleId("transactioncurrency", "EUR");
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    /** Everything the process logs or prints while it is installed. */
    private static final class Capture implements AutoCloseable {
        final StringBuilder text = new StringBuilder();
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        private final Logger root = Logger.getLogger("");
        private final Level rootLevel = root.getLevel();
        private final Handler handler = new Handler() {
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public synchronized void publish(LogRecord record) {
                text.append(format.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        Capture() {
            handler.setLevel(Level.ALL);
            root.setLevel(Level.ALL);
            root.addHandler(handler);
            PrintStream tee = new PrintStream(printed, true, StandardCharsets.UTF_8);
            System.setOut(tee);
            System.setErr(tee);
        }

        void thrown(Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            text.append(trace);
        }

        String all() {
            return text + printed.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            root.setLevel(rootLevel);
        }
    }

    @Test
    void no_secret_or_token_appears_in_the_logs_of_syncs_that_succeed_or_fail() throws Exception {
        Set<String> secrets = new HashSet<>(Set.of(CLIENT_SECRET, REFRESH_TOKEN));
        String logged;
        EntraEmulator entra = EntraEmulator.start(0, new EntraSettings(Map.of(CLIENT_ID, CLIENT_SECRET),
                Set.of(REFRESH_TOKEN), Duration.ofHours(1)));
        try (entra;
             PartnerCenterEmulator partnerCenterEmulator = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
             DataverseEmulator dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
             Capture capture = new Capture()) {
            // given: the production token providers (client credentials for Dataverse, the rotated refresh token for
            // Partner Center) and the real mapper path
            RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));
            HttpClient http = ApiHttpClient.defaultHttpClient();
            HttpDataverseClient crm = new HttpDataverseClient(new ApiHttpClient(http, EntraTokenProvider.clientCredentials(
                    settings(entra, dataverse.scope()), http, TestJson.MAPPER), retry, Duration.ofSeconds(10), TestJson.MAPPER),
                    dataverse.apiRoot(), TestJson.MAPPER);
            SyncStateTable.createIfMissing(LocalDynamoDb.client(), "secrets-in-logs-it");
            DynamoDbSyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), "secrets-in-logs-it");
            SyncDispatcher mapper = mapper(entra, partnerCenterEmulator, crm, state, http, retry);

            // when: a referral from Microsoft reaches the CRM, and a shared opportunity reaches Partner Center
            String referralId = microsoftShares(partnerCenterEmulator);
            run(capture, mapper, inbound(referralId));
            String opportunity = sharedOpportunity(crm).toString();
            run(capture, mapper, outbound(opportunity));
            // and when Partner Center answers 500
            run(capture, mapper, inbound(microsoftSharesThenFails(partnerCenterEmulator)));
            control("DELETE", partnerCenterEmulator.baseUri() + "/_sandbox/faults", null);
            // and when Dataverse answers 401 (a token for another audience)
            HttpDataverseClient wrongAudience = new HttpDataverseClient(new ApiHttpClient(http,
                    EntraTokenProvider.clientCredentials(settings(entra, HttpReferralClient.SCOPE), http, TestJson.MAPPER),
                    retry, Duration.ofSeconds(10), TestJson.MAPPER), dataverse.apiRoot(), TestJson.MAPPER);
            run(capture, mapper(entra, partnerCenterEmulator, wrongAudience, state, http, retry),
                    inbound(microsoftShares(partnerCenterEmulator)));
            // and when the refresh token is revoked (invalid_grant) for a fresh mapper
            secrets.addAll(entra.refreshTokens());
            entra.revokeRefreshTokens();
            run(capture, mapper(entra, partnerCenterEmulator, crm, state, http, retry),
                    inbound(microsoftShares(partnerCenterEmulator)));
            secrets.addAll(entra.issuedAccessTokens());
            logged = capture.all();
        }

        // then: the capture saw the syncs and the failures
        assertThat(logged).contains("sync: referral", "CRM → Partner Center", "Partner Center sign-in expired", "401");
        assertThat(secrets).as("access tokens issued").hasSizeGreaterThan(4);
        // and no secret is in it
        assertThat(secrets).allSatisfy(secret -> assertThat(logged).as("the logs").doesNotContain(secret));
    }

    private static EntraTokenSettings settings(EntraEmulator entra, String scope) {
        return new EntraTokenSettings(entra.server().baseUri(), TENANT, CLIENT_ID, CLIENT_SECRET, scope);
    }

    private static SyncDispatcher mapper(EntraEmulator entra, PartnerCenterEmulator partnerCenterEmulator,
                                         HttpDataverseClient crm, DynamoDbSyncStateStore state, HttpClient http,
                                         RetryPolicy retry) {
        AccessTokenProvider partnerCenterTokens = EntraTokenProvider.refreshToken(settings(entra, HttpReferralClient.SCOPE),
                new InMemoryRefreshTokenStore(REFRESH_TOKEN), http, TestJson.MAPPER);
        HttpReferralClient partnerCenter = new HttpReferralClient(new ApiHttpClient(http, partnerCenterTokens, retry,
                Duration.ofSeconds(10), TestJson.MAPPER), partnerCenterEmulator.baseUri(), TestJson.MAPPER);
        MappingConfig mapping = MappingConfig.defaults();
        return new SyncDispatcher(
                new ReferralInboundSync(partnerCenter, crm, state, mapping, Clock.systemUTC(), TestJson.MAPPER),
                new CrmRecordOutboundSync(crm, partnerCenter, state, mapping, Clock.systemUTC(), TestJson.MAPPER),
                TestJson.MAPPER, (message, expired) -> expired.notice(),
                new Metrics(new EmfWriter(System.out, Clock.systemUTC(), TestJson.MAPPER), "mapper"), 5);
    }

    /** As the mapper function: a failed message is logged by the runtime with its exception. */
    private static void run(Capture capture, SyncDispatcher mapper, String message) {
        try {
            mapper.handle(message);
        } catch (RuntimeException e) {
            capture.thrown(e);
        }
    }

    private static String inbound(String referralId) {
        return new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-created", Instant.now(),
                "secrets#" + referralId).toJson(TestJson.MAPPER);
    }

    private static String outbound(String opportunityId) {
        return new SyncMessage(SyncDirection.CRM_TO_PC, null, new CrmRecordRef("opportunities", opportunityId),
                "crm-change", Instant.now(), "secrets#" + opportunityId).toJson(TestJson.MAPPER);
    }

    private static UUID sharedOpportunity(HttpDataverseClient crm) {
        UUID account = crm.create(EntitySet.ACCOUNTS, object("""
                {"name": "Northwind Traders", "address1_city": "Dublin", "address1_postalcode": "D02 XY45",
                 "address1_country": "IE"}"""));
        ObjectNode contact = object("""
                {"firstname": "Aoife", "lastname": "Byrne", "emailaddress1": "aoife@northwind.example"}""");
        contact.put("parentcustomerid_account@odata.bind", "/accounts(" + account + ")");
        UUID contactId = crm.create(EntitySet.CONTACTS, contact);
        ObjectNode fields = object("""
                {"name": "Northwind - Azure landing zone", "estimatedvalue": 85000, "estimatedclosedate": "2027-09-30",
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}""");
        fields.put("customerid_account@odata.bind", "/accounts(" + account + ")");
        fields.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
        fields.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + EUR + ")");
        UUID opportunity = crm.create(EntitySet.OPPORTUNITIES, fields);
        ObjectNode solution = object("""
                {"cosell_solutionid": "SOL-15974-MQF", "cosell_name": "Contoso Cloud Migration Factory", "cosell_type": "Name"}""");
        solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunity + ")");
        crm.create(EntitySet.SOLUTIONS, solution);
        return opportunity;
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) TestJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String microsoftShares(PartnerCenterEmulator partnerCenter) throws Exception {
        return TestJson.MAPPER.readTree(control("POST", partnerCenter.baseUri() + "/_sandbox/microsoft/referrals", "{}"))
                .path("id").asText();
    }

    /** Shares a referral, then makes Partner Center answer 500 to every request, so the connector's sync meets it. */
    private static String microsoftSharesThenFails(PartnerCenterEmulator partnerCenter) throws Exception {
        String id = microsoftShares(partnerCenter);
        control("POST", partnerCenter.baseUri() + "/_sandbox/faults", "{\"serverErrorShare\": 1.0}");
        return id;
    }

    private static String control(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CONTROL.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isLessThan(300);
        return response.body();
    }
}
