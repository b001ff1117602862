package io.cosell.shared.partnercenter;

import io.cosell.shared.testsupport.TestJson;
import com.sun.net.httpserver.HttpServer;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.referral.PatchOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The headers {@link HttpReferralClient} sends, recorded by a tiny local server that answers like Partner Center. */
class HttpReferralClientHeadersIT {

    private static final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static ReferralClient client;

    @BeforeAll
    static void start() throws IOException {
        byte[] referral;
        try (InputStream in = HttpReferralClientHeadersIT.class.getResourceAsStream("/referral/example-referral.json")) {
            referral = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, referral.length);
            exchange.getResponseBody().write(referral);
            exchange.close();
        });
        server.start();
        AccessTokenProvider fixedToken = new AccessTokenProvider() {
            @Override
            public String accessToken() {
                return "test-token";
            }

            @Override
            public void invalidate(String rejected) {
            }
        };
        client = new HttpReferralClient(new ApiHttpClient(ApiHttpClient.defaultHttpClient(), fixedToken,
                RetryPolicy.none(), Duration.ofSeconds(5), TestJson.MAPPER),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void forget() {
        requests.clear();
    }

    @Test
    void everyCallSendsTheDocumentedHeadersAndANewClientRequestId() {
        // when
        client.get("a");
        client.get("b");

        // then
        assertThat(requests).hasSize(2).allSatisfy(headers -> {
            assertThat(headers.get("Accept")).containsExactly("application/json");
            assertThat(headers.get("Content-type")).containsExactly("application/json");
            assertThat(headers.get("Authorization")).containsExactly("Bearer test-token");
            assertThat(headers.get("Client-request-id").getFirst())
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(headers).doesNotContainKey("X-caller-id");
        });
        assertThat(requests.get(0).get("Client-request-id")).isNotEqualTo(requests.get(1).get("Client-request-id"));
    }

    @Test
    void patchAsksForTheRepresentationAndSendsIfMatchAsGiven() {
        client.patch("a", List.of(PatchOperation.replace("/name", "x")), Optional.of("\"etag-1\""));

        assertThat(requests.getFirst().get("Prefer")).containsExactly("return=representation");
        assertThat(requests.getFirst().get("If-match")).containsExactly("\"etag-1\"");
    }

    @Test
    void patchWithoutAnETagSendsNoIfMatch() {
        client.patch("a", List.of(PatchOperation.replace("/name", "x")), Optional.empty());

        assertThat(requests.getFirst()).doesNotContainKey("If-match");
    }
}
