package io.cosell.shared.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.ApiResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link DataverseClient} over the Dataverse Web API through {@link ApiHttpClient} (bearer token, retries of 429 and
 * transient 5xx honouring Retry-After; a POST that may have acted is not repeated but an
 * {@link io.cosell.shared.http.OutcomeUnknownException}, while creates by chosen id and upserts by key are repeated). Every request carries {@code Accept: application/json},
 * {@code OData-MaxVersion: 4.0} and {@code OData-Version: 4.0}; reads add {@code If-None-Match: null}, bodies
 * {@code Content-Type: application/json; charset=utf-8}. Collection reads ask {@code Prefer: odata.maxpagesize} and
 * follow {@code @odata.nextLink} unchanged, but only to the API's own host (the bearer token never leaves it).
 */
public final class HttpDataverseClient implements DataverseClient {

    public static final int DEFAULT_PAGE_SIZE = 500;

    private static final Pattern PART_STATUS = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3})");
    private static final Pattern ENTITY_ID = Pattern.compile("\\(([0-9a-fA-F-]{36})\\)$");
    /** Characters the Dataverse docs say break key URLs (alternate-key values with them cannot be addressed). */
    private static final String UNSAFE_KEY_CHARACTERS = "/<>*%&:\\?+";
    private static final String EXPIRED_CODE = "0x80044352";
    private static final String EXPIRED_MESSAGE = "Version stamp associated with the client has expired";

    private final ApiHttpClient http;
    private final URI apiRoot;
    private final int pageSize;
    private final ObjectMapper json;

    /** @param apiRoot e.g. {@code https://contoso.crm.dynamics.com/api/data/v9.2/} */
    public HttpDataverseClient(ApiHttpClient http, URI apiRoot, ObjectMapper json) {
        this(http, apiRoot, DEFAULT_PAGE_SIZE, json);
    }

    /** @param pageSize rows per page asked for when a query names none (1..5000) */
    public HttpDataverseClient(ApiHttpClient http, URI apiRoot, int pageSize, ObjectMapper json) {
        if (pageSize < 1 || pageSize > 5000) {
            throw new IllegalArgumentException("pageSize must be between 1 and 5000");
        }
        this.http = http;
        String root = apiRoot.toString();
        this.apiRoot = URI.create(root.endsWith("/") ? root : root + "/");
        this.pageSize = pageSize;
        this.json = json;
    }

    @Override
    public List<CrmRecord> query(EntitySet set, ODataQuery query) {
        String prefer = "odata.maxpagesize=" + query.maxPageSize().orElse(pageSize);
        List<CrmRecord> rows = new ArrayList<>();
        String url = collectionUrl(set, query.toQueryString());
        while (url != null) {
            JsonNode body = readJson(url, prefer);
            body.path("value").forEach(row -> rows.add(CrmRecord.of(set, row)));
            url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
        }
        return rows;
    }

    @Override
    public Optional<CrmRecord> get(EntitySet set, UUID id, List<String> select) {
        return getRecord(set, id.toString(), select);
    }

    @Override
    public Optional<CrmRecord> findByAlternateKey(EntitySet set, String keyColumn, String value, List<String> select) {
        return getRecord(set, alternateKey(keyColumn, value), select);
    }

    @Override
    public UUID create(EntitySet set, ObjectNode fields) {
        ApiResponse response = send(() -> write(apiRoot + set.name(), "POST", fields));
        return idFrom(response);
    }

    @Override
    public boolean createWithId(EntitySet set, UUID id, ObjectNode fields) {
        try {
            send(() -> write(recordUrl(set, id.toString(), List.of()), "PATCH", fields).header("If-None-Match", "*"));
            return true;
        } catch (RecordConflictException exists) {
            return false;
        }
    }

    @Override
    public boolean createAllWithIds(List<NewRecord> records) {
        String batch = "batch_" + UUID.randomUUID();
        String body = changeSetBody(batch, "changeset_" + UUID.randomUUID(), records);
        ApiResponse response;
        try {
            response = sendRepeatable(() -> standard(apiRoot + "$batch")
                    .header("Content-Type", "multipart/mixed; boundary=" + batch)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        } catch (RecordConflictException exists) {
            return false;
        }
        Matcher status = PART_STATUS.matcher(response.bodyText());
        while (status.find()) {
            int code = Integer.parseInt(status.group(1));
            if (code == 412) {
                return false;
            }
            if (code >= 400) {
                throw new ApiException(code, "", "an operation of the change set failed: " + response.bodyText(), null);
            }
        }
        return true;
    }

    /** One change set of creates by id (fact sheet 4.6: application/http parts, CRLF line ends, Content-ID each). */
    private String changeSetBody(String batch, String changeSet, List<NewRecord> records) {
        StringBuilder body = new StringBuilder("--").append(batch).append("\r\n")
                .append("Content-Type: multipart/mixed; boundary=").append(changeSet).append("\r\n\r\n");
        int contentId = 1;
        for (NewRecord record : records) {
            body.append("--").append(changeSet).append("\r\n")
                    .append("Content-Type: application/http\r\n")
                    .append("Content-Transfer-Encoding: binary\r\n")
                    .append("Content-ID: ").append(contentId++).append("\r\n\r\n")
                    .append("PATCH ").append(recordUrl(record.set(), record.id().toString(), List.of())).append(" HTTP/1.1\r\n")
                    .append("Content-Type: application/json; type=entry\r\n")
                    .append("If-None-Match: *\r\n\r\n")
                    .append(record.fields()).append("\r\n");
        }
        return body.append("--").append(changeSet).append("--\r\n")
                .append("--").append(batch).append("--\r\n").toString();
    }

    @Override
    public void update(EntitySet set, UUID id, ObjectNode fields, Optional<String> etag) {
        send(() -> write(recordUrl(set, id.toString(), List.of()), "PATCH", fields)
                .header("If-Match", etag.orElse("*")));
    }

    @Override
    public UpsertResult upsertByAlternateKey(EntitySet set, String keyColumn, String value, ObjectNode fields,
                                             UpsertMode mode) {
        String url = recordUrl(set, alternateKey(keyColumn, value), List.of(set.primaryKey()));
        ApiResponse response = sendRepeatable(() -> {
            HttpRequest.Builder request = write(url, "PATCH", fields).header("Prefer", "return=representation");
            return switch (mode) {
                case CREATE_ONLY -> request.header("If-None-Match", "*");
                case UPDATE_ONLY -> request.header("If-Match", "*");
                case CREATE_OR_UPDATE -> request;
            };
        });
        CrmRecord record = CrmRecord.of(set, parse(response));
        return new UpsertResult(record.id(), response.status() == 201, Optional.ofNullable(record.etag()));
    }

    @Override
    public boolean delete(EntitySet set, UUID id) {
        try {
            send(() -> standard(recordUrl(set, id.toString(), List.of())).DELETE());
            return true;
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void winOpportunity(UUID opportunityId, int status, String subject) {
        closeOpportunity("WinOpportunity", opportunityId, status, subject);
    }

    @Override
    public void loseOpportunity(UUID opportunityId, int status, String subject) {
        closeOpportunity("LoseOpportunity", opportunityId, status, subject);
    }

    @Override
    public ChangePage changes(EntitySet set, List<String> select, Optional<String> deltaLink) {
        List<CrmRecord> rows = new ArrayList<>();
        List<UUID> deleted = new ArrayList<>();
        Optional<String> link = deltaLink;
        while (true) {
            ChangeTrackingPage page = changesPage(set, select, link);
            rows.addAll(page.rows());
            deleted.addAll(page.deletedIds());
            if (page.isLast()) {
                return new ChangePage(rows, deleted, page.deltaLink().get());
            }
            link = page.nextLink();
        }
    }

    @Override
    public ChangeTrackingPage changesPage(EntitySet set, List<String> select, Optional<String> link) {
        String url = link.orElseGet(() -> collectionUrl(set, ODataQuery.all().withSelect(select).toQueryString()));
        JsonNode body = readJson(url, "odata.track-changes,odata.maxpagesize=" + pageSize);
        List<CrmRecord> rows = new ArrayList<>();
        List<UUID> deleted = new ArrayList<>();
        for (JsonNode entry : body.path("value")) {
            if (isDeletion(entry)) {
                deleted.add(UUID.fromString(entry.get("id").asText()));
            } else {
                rows.add(CrmRecord.of(set, entry));
            }
        }
        Optional<String> deltaLink = Optional.ofNullable(body.get("@odata.deltaLink")).map(JsonNode::asText);
        Optional<String> nextLink = deltaLink.isPresent() ? Optional.empty()
                : Optional.ofNullable(body.get("@odata.nextLink")).map(JsonNode::asText);
        if (deltaLink.isEmpty() && nextLink.isEmpty()) {
            throw new IllegalStateException("a change-tracking answer without @odata.nextLink or @odata.deltaLink");
        }
        return new ChangeTrackingPage(rows, deleted, nextLink, deltaLink);
    }

    private static boolean isDeletion(JsonNode entry) {
        return entry.path("reason").asText().equals("deleted")
                || entry.path("@odata.context").asText().endsWith("/$deletedEntity");
    }

    private void closeOpportunity(String action, UUID opportunityId, int status, String subject) {
        ObjectNode body = json.createObjectNode();
        body.put("Status", status);
        ObjectNode close = body.putObject("OpportunityClose");
        close.put("subject", subject);
        close.put("opportunityid@odata.bind", "/" + EntitySet.OPPORTUNITIES.name() + "(" + opportunityId + ")");
        send(() -> write(apiRoot + action, "POST", body));
    }

    private Optional<CrmRecord> getRecord(EntitySet set, String key, List<String> select) {
        try {
            return Optional.of(CrmRecord.of(set, readJson(recordUrl(set, key, select), null)));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private JsonNode readJson(String url, String prefer) {
        requireSameOrigin(url);
        return parse(send(() -> {
            HttpRequest.Builder request = standard(url).header("If-None-Match", "null").GET();
            return prefer == null ? request : request.header("Prefer", prefer);
        }));
    }

    private HttpRequest.Builder write(String url, String method, ObjectNode fields) {
        return standard(url)
                .header("Content-Type", "application/json; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(fields.toString()));
    }

    private static HttpRequest.Builder standard(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
    }

    /** Sends through the retrying client and turns 412 and expired delta tokens into their own exceptions. */
    private ApiResponse send(Supplier<HttpRequest.Builder> request) {
        return translated(() -> http.send(request));
    }

    /** As {@link #send}, for a request that is idempotent by construction (an upsert by key). */
    private ApiResponse sendRepeatable(Supplier<HttpRequest.Builder> request) {
        return translated(() -> http.sendRepeatable(request));
    }

    private static ApiResponse translated(Supplier<ApiResponse> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (e.isPreconditionFailed()) {
                throw new RecordConflictException(e);
            }
            if (EXPIRED_CODE.equalsIgnoreCase(e.code()) || String.valueOf(e.getMessage()).contains(EXPIRED_MESSAGE)) {
                throw new ChangeTrackingExpiredException(e);
            }
            throw e;
        }
    }

    private String collectionUrl(EntitySet set, String queryString) {
        return apiRoot + set.name() + (queryString.isEmpty() ? "" : "?" + queryString);
    }

    private String recordUrl(EntitySet set, String key, List<String> select) {
        String query = select.isEmpty() ? "" : "?" + ODataQuery.all().withSelect(select).toQueryString();
        return apiRoot + set.name() + "(" + key + ")" + query;
    }

    /** {@code column='value'} with quotes doubled and the value percent-encoded. */
    static String alternateKey(String keyColumn, String value) {
        for (char c : value.toCharArray()) {
            if (UNSAFE_KEY_CHARACTERS.indexOf(c) >= 0) {
                throw new IllegalArgumentException("Dataverse cannot address an alternate key value containing '" + c
                        + "' (one of " + UNSAFE_KEY_CHARACTERS + "): '" + value + "'");
            }
        }
        return EntitySet.requireIdentifier(keyColumn) + "=" + UrlEncoding.encode(ODataFilter.literal(value));
    }

    private void requireSameOrigin(String url) {
        URI target = URI.create(url);
        if (!apiRoot.getScheme().equalsIgnoreCase(target.getScheme())
                || !apiRoot.getRawAuthority().equalsIgnoreCase(target.getRawAuthority())) {
            throw new IllegalStateException("refusing to follow a link to another host: " + target.getHost());
        }
    }

    private static UUID idFrom(ApiResponse response) {
        String entityId = response.header("OData-EntityId")
                .orElseThrow(() -> new IllegalStateException("create answered without an OData-EntityId header"));
        Matcher m = ENTITY_ID.matcher(entityId);
        if (!m.find()) {
            throw new IllegalStateException("no record id in OData-EntityId " + entityId);
        }
        return UUID.fromString(m.group(1));
    }

    private JsonNode parse(ApiResponse response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Dataverse answered " + response.status() + " with a body that is not JSON", e);
        }
    }
}
