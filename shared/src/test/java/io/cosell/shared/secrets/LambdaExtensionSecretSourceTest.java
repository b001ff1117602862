package io.cosell.shared.secrets;

import io.cosell.shared.testsupport.TestJson;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a local stand-in of the AWS Parameters and Secrets Lambda Extension's documented HTTP interface. */
class LambdaExtensionSecretSourceTest {

    private HttpServer extension;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startExtension() throws Exception {
        extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        extension.createContext("/secretsmanager/get", exchange -> {
            requests.add(exchange.getRequestURI().getRawQuery() + " token=" + exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"));
            boolean known = exchange.getRequestURI().getQuery().equals("secretId=cosell/prod/entra-client-secret");
            byte[] body = (known ? "{\"Name\":\"cosell/prod/entra-client-secret\",\"SecretString\":\"from-secrets-manager\"}"
                    : "{\"message\":\"not found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        extension.start();
    }

    @AfterEach
    void stopExtension() {
        extension.stop(0);
    }

    @Test
    void readsSecretStringWithTheSessionTokenHeader() {
        // given
        LambdaExtensionSecretSource source = new LambdaExtensionSecretSource(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + extension.getAddress().getPort()), "cosell/prod/", "session-token-1", TestJson.MAPPER);

        // when
        String value = source.secret("entra-client-secret");

        // then
        assertThat(value).isEqualTo("from-secrets-manager");
        assertThat(requests).containsExactly("secretId=cosell%2Fprod%2Fentra-client-secret token=session-token-1");
    }

    @Test
    void unknownSecretIsExplained() {
        // given
        LambdaExtensionSecretSource source = new LambdaExtensionSecretSource(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + extension.getAddress().getPort()), "cosell/prod/", "t", TestJson.MAPPER);

        // then
        assertThatThrownBy(() -> source.secret("partner-center-refresh-token"))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("cosell/prod/partner-center-refresh-token")
                .hasMessageContaining("HTTP 400");
    }
}
