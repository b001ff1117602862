package io.cosell.shared.partnercenter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.ApiResponse;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link ReferralClient} over HTTP. Sends the documented headers on every call: {@code Accept} and
 * {@code Content-Type: application/json} and a new {@code client-request-id} GUID per call (kept across the
 * retries of that call). The bearer token must be for {@value #AUDIENCE} (scope {@value #SCOPE}).
 */
public final class HttpReferralClient implements ReferralClient {

    public static final String AUDIENCE = "https://api.partner.microsoft.com";
    public static final String SCOPE = AUDIENCE + "/.default";
    public static final URI PRODUCTION_BASE_URI = URI.create(AUDIENCE);

    private static final String PATH = "/v1.0/engagements/referrals";

    /** One page of a list: {@code value} and the link to the next page, if any. */
    record Page(List<Referral> value, @JsonProperty("@odata.nextLink") String nextLink) {
    }

    private final ApiHttpClient http;
    private final URI baseUri;
    private final ReferralJson json;

    /** {@code baseUri}: {@link #PRODUCTION_BASE_URI}, or the sandbox emulator's base URI. */
    public HttpReferralClient(ApiHttpClient http, URI baseUri, ObjectMapper json) {
        this.http = http;
        this.baseUri = baseUri;
        this.json = new ReferralJson(json);
    }

    @Override
    public Referral get(String id) {
        return read(send(() -> request(referralUri(id)).GET()));
    }

    @Override
    public Referral create(Referral referral) {
        byte[] body = json.write(referral);
        return read(send(() -> request(URI.create(baseUri + PATH))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    @Override
    public Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch) {
        byte[] body = json.write(operations);
        ApiResponse response = send(() -> {
            HttpRequest.Builder builder = request(referralUri(id))
                    .header("Prefer", "return=representation")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
            ifMatch.ifPresent(eTag -> builder.header("If-Match", eTag));
            return builder;
        });
        return response.body().length == 0 ? get(id) : read(response);
    }

    @Override
    public Stream<Referral> list(ReferralQuery query) {
        Iterator<List<Referral>> pages = new Iterator<>() {
            private URI next = listUri(query);

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public List<Referral> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                URI current = next;
                Page page = json.read(send(() -> request(current).GET()).body(), Page.class);
                next = page.nextLink() == null ? null : current.resolve(page.nextLink());
                return page.value() == null ? List.of() : page.value();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false)
                .flatMap(List::stream);
    }

    private URI listUri(ReferralQuery query) {
        List<String> options = new ArrayList<>();
        query.filter().ifPresent(filter -> options.add("$filter=" + encode(filter)));
        query.orderBy().ifPresent(orderBy -> options.add("$orderby=" + encode(orderBy)));
        query.top().ifPresent(top -> options.add("$top=" + top));
        return URI.create(baseUri + PATH + (options.isEmpty() ? "" : "?" + String.join("&", options)));
    }

    private URI referralUri(String id) {
        return URI.create(baseUri + PATH + "/" + encode(id));
    }

    /** One logical call: the same client-request-id on every retry; a 412 becomes a ReferralConflictException. */
    private ApiResponse send(Supplier<HttpRequest.Builder> request) {
        String clientRequestId = UUID.randomUUID().toString();
        try {
            return http.send(() -> request.get().header("client-request-id", clientRequestId));
        } catch (ApiException e) {
            if (e.isPreconditionFailed()) {
                throw new ReferralConflictException(e);
            }
            throw e;
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    private Referral read(ApiResponse response) {
        return json.read(response.body(), Referral.class);
    }

    /** Percent-encoding for a query value or path segment; spaces as %20, as OData expects. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
