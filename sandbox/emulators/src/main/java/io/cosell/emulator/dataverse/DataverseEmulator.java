package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.http.EmulatorServer;
import io.cosell.emulator.http.ErrorFormat;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.emulator.http.Handler;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The Dataverse Web API ({@code /api/data/v9.2/}) for the tables of {@link DataverseSchema}, following the
 * Dataverse fact sheet. Requests need a bearer token from the {@link EntraEmulator} for the audience
 * {@link DataverseSettings#environmentUrl()} (401 otherwise). Every API answer carries {@code OData-Version: 4.0}.
 *
 * <p>Where the docs are silent, the emulator chose:
 * <ul>
 *   <li>error codes as listed in {@link DataverseErrors}; an expired delta token is 400 {@code 0x80044352};</li>
 *   <li>a lookup bound to a missing record is 400; a Win/Lose of a closed opportunity is 400;</li>
 *   <li>a delta response is one page (no nextLink); the initial change-tracking load pages like any query and gives
 *       its deltaLink on the last page, starting from the row version of its first page;</li>
 *   <li>{@code $top} above the page size returns one page; {@code @odata.count} counts all matching rows;</li>
 *   <li>requests rejected by service protection still count in {@code /_sandbox/requests/count}.</li>
 * </ul>
 *
 * <p>Control endpoints (no token): {@code /_sandbox/faults}, {@code POST /_sandbox/reset} (empty tables with the
 * reference currencies, no counters, no delta tokens, no faults), {@code POST /_sandbox/seed} (as {@link #seed()}),
 * {@code GET /_sandbox/requests/count} ({@code {"total":n,"callers":{"<client id>":n},"throttled":{"<client id>":n}}};
 * throttled: answered 429 by service protection) and
 * {@code POST /_sandbox/change-tracking/expire} (expires all delta tokens issued so far).
 */
public final class DataverseEmulator implements AutoCloseable {

    public static final String API_PATH = "/api/data/v9.2/";

    private final DataverseSettings settings;
    private final DataverseStore store;
    private final RowRenderer renderer;
    private final ChangeTracker tracker;
    private final MetadataApi metadata;
    private volatile ServiceProtection protection;
    private final Clock clock;
    private final Map<String, AtomicLong> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> throttledCounts = new ConcurrentHashMap<>();
    private final EmulatorServer server;

    private DataverseEmulator(int port, EntraEmulator entra, DataverseSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.store = new DataverseStore(settings.connectorSchema() ? DataverseSchema.standard(settings.extraColumns())
                : DataverseSchema.withoutConnector(settings.extraColumns()), clock);
        this.metadata = new MetadataApi(store, settings, clock);
        this.renderer = new RowRenderer(store);
        this.tracker = new ChangeTracker(clock, settings.changeTrackingExpiry());
        this.protection = new ServiceProtection(clock, settings.requestLimit(), settings.requestWindow(),
                settings.concurrencyLimit());
        SampleData.currencies(store);
        String api = API_PATH.substring(0, API_PATH.length() - 1);
        ErrorFormat errors = error -> ErrorFormat.ODATA.render(error).header("OData-Version", "4.0");
        Router operations = new Router()
                .get(api + "/{set}({key})", this::retrieve)
                .patch(api + "/{set}({key})", this::upsert)
                .delete(api + "/{set}({key})", this::delete)
                .get(api + "/{set}", this::list)
                .post(api + "/{set}", this::create);
        BatchApi batch = new BatchApi(operations, store, API_PATH, this::apiRoot, errors);
        Router router = metadata.routes(new Router(), api, this::api)
                .post(api + "/$batch", api(batch::handle))
                .post(api + "/WinOpportunity", api(r -> closeOpportunity(r, true)))
                .post(api + "/LoseOpportunity", api(r -> closeOpportunity(r, false)))
                .get(api + "/{set}({key})", api(this::retrieve))
                .patch(api + "/{set}({key})", api(this::upsert))
                .delete(api + "/{set}({key})", api(this::delete))
                .get(api + "/{set}", api(this::list))
                .post(api + "/{set}", api(this::create))
                .post(EmulatorServer.CONTROL_PREFIX + "reset", r -> {
                    reset();
                    return Response.empty(204);
                })
                .post(EmulatorServer.CONTROL_PREFIX + "seed", r -> {
                    seed();
                    return Response.empty(204);
                })
                .get(EmulatorServer.CONTROL_PREFIX + "requests/count", r -> Response.json(200, requestCountsJson()))
                .post(EmulatorServer.CONTROL_PREFIX + "change-tracking/expire", r -> {
                    tracker.expireAll();
                    return Response.empty(204);
                });
        this.server = EmulatorServer.start("dataverse", port, router, errors,
                entra.bearer(Set.of(audience(settings.environmentUrl())), DataverseErrors.UNAUTHORIZED),
                new FaultInjector());
    }

    public static DataverseEmulator start(int port, EntraEmulator entra, DataverseSettings settings) {
        return new DataverseEmulator(port, entra, settings, Clock.systemUTC());
    }

    /** With a clock of the test's choosing (change-tracking expiry, request windows, createdon). */
    public static DataverseEmulator start(int port, EntraEmulator entra, DataverseSettings settings, Clock clock) {
        return new DataverseEmulator(port, entra, settings, clock);
    }

    public URI baseUri() {
        return server.baseUri();
    }

    /** {@code <base>/api/data/v9.2/}. */
    public URI apiRoot() {
        return URI.create(server.baseUri() + API_PATH);
    }

    /** The scope a client asks the Entra emulator for: {@code <environment URL>/.default}. */
    public String scope() {
        return audience(settings.environmentUrl()) + "/.default";
    }

    public EmulatorServer server() {
        return server;
    }

    /** Adds the sample accounts, contacts and solution catalogue (see {@link SampleData}); safe to repeat. */
    public void seed() {
        SampleData.customers(store);
        SampleData.solutionCatalogue(store);
    }

    /** The stable id the sample record of a table has ({@code account}/name, {@code contact}/email, ...). */
    public static UUID sampleId(String logicalName, String naturalKey) {
        return SampleData.id(logicalName, naturalKey);
    }

    /** Back to the state after start: reference currencies only, no counters, no delta tokens, no faults. */
    public void reset() {
        store.clear();
        SampleData.currencies(store);
        tracker.expireAll();
        protection.reset();
        requestCounts.clear();
        throttledCounts.clear();
        server.faults().reset();
    }

    /** What {@code PublishXml}/{@code PublishAllXml} were asked to publish, oldest first ({@code all} for the latter). */
    public List<String> published() {
        return metadata.published();
    }

    /**
     * Replaces the service protection limits from now on (request history forgotten), e.g. the real ones scaled to
     * a benchmark; requests in flight keep their slots under the old limits.
     */
    public void serviceProtection(int requestLimit, Duration window, int concurrencyLimit) {
        this.protection = new ServiceProtection(clock, requestLimit, window, concurrencyLimit);
    }

    /** API requests answered 429 by service protection so far, per caller (client id); also counted as requests. */
    public Map<String, Long> throttledCounts() {
        return throttledCounts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    /**
     * Calls {@code observer} with each record created from now on (its table's logical name and its columns), at the
     * moment it becomes readable: for a benchmark that times arrivals without polling the API.
     */
    public void observeCreations(BiConsumer<String, ObjectNode> observer) {
        store.observeCreations(observer);
    }

    /** API requests so far per caller (client id). */
    public Map<String, Long> requestCounts() {
        return requestCounts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    @Override
    public void close() {
        server.close();
    }

    /** Counts the request, applies the service protection limits and adds the OData version header. */
    private Handler api(Handler handler) {
        return request -> {
            String caller = request.header(EmulatorServer.CALLER_HEADER).orElse("anonymous");
            requestCounts.computeIfAbsent(caller, c -> new AtomicLong()).incrementAndGet();
            ServiceProtection.Permit permit;
            try {
                permit = protection.admit(caller);
            } catch (HttpError throttled) {
                throttledCounts.computeIfAbsent(caller, c -> new AtomicLong()).incrementAndGet();
                throw throttled;
            }
            try (ServiceProtection.Permit ignored = permit) {
                if (!settings.processingTime().isZero()) {
                    Thread.sleep(settings.processingTime().toMillis());
                }
                return handler.handle(request).header("OData-Version", "4.0");
            }
        };
    }

    private Response retrieve(Request request) {
        EntityDefinition entity = entity(request);
        RecordKey key = RecordKey.parse(entity, request.pathParam("key"));
        QueryOptions options = QueryOptions.parse(entity, request.query());
        Preferences preferences = Preferences.of(request);
        Row row = store.find(entity, key).orElseThrow(() -> key instanceof RecordKey.Primary p
                ? DataverseErrors.recordNotFound(entity, p.id()) : DataverseErrors.recordNotFoundByKey(entity));
        boolean unchanged = request.header("If-None-Match").map(String::trim).filter(row.etag()::equals).isPresent();
        if (unchanged && preferences.annotationPatterns().isEmpty()) {
            return Response.empty(304);
        }
        return Response.json(200, entityBody(entity, row, options.select(), preferences));
    }

    private Response create(Request request) {
        EntityDefinition entity = entity(request);
        QueryOptions options = QueryOptions.parse(entity, request.query());
        Preferences preferences = Preferences.of(request);
        Row row = store.create(entity, jsonBody(request));
        return written(entity, row, options, preferences, 201);
    }

    private Response upsert(Request request) {
        EntityDefinition entity = entity(request);
        RecordKey key = RecordKey.parse(entity, request.pathParam("key"));
        QueryOptions options = QueryOptions.parse(entity, request.query());
        Preferences preferences = Preferences.of(request);
        DataverseStore.Upserted result = store.upsert(entity, key, jsonBody(request), Precondition.of(request));
        return written(entity, result.row(), options, preferences, result.created() ? 201 : 200);
    }

    private Response written(EntityDefinition entity, Row row, QueryOptions options, Preferences preferences,
                             int statusWithBody) {
        if (preferences.returnRepresentation()) {
            return Response.json(statusWithBody, entityBody(entity, row, options.select(), preferences))
                    .header("Preference-Applied", "return=representation");
        }
        return Response.empty(204).header("OData-EntityId", entityId(entity, row.id()));
    }

    private Response delete(Request request) {
        EntityDefinition entity = entity(request);
        store.delete(entity, RecordKey.parse(entity, request.pathParam("key")), Precondition.of(request));
        return Response.empty(204);
    }

    private Response closeOpportunity(Request request, boolean won) {
        store.closeOpportunity(jsonBody(request), won);
        return Response.empty(204);
    }

    private Response list(Request request) {
        EntityDefinition entity = entity(request);
        QueryOptions options = QueryOptions.parse(entity, request.query());
        Preferences preferences = Preferences.of(request);
        if (options.deltaToken().isPresent()) {
            options.rejectUnderChangeTracking();
            return delta(request, entity, options, preferences);
        }
        PageToken token = options.skipToken().map(PageToken::decode).orElse(null);
        if (token != null && !options.order().fits(token.after())) {
            throw DataverseErrors.badQuery("The $skiptoken does not belong to this query; follow @odata.nextLink as returned.");
        }
        boolean tracking = preferences.trackChanges() || (token != null && token.deltaVersion() != null);
        if (tracking) {
            options.rejectUnderChangeTracking();
            if (!store.schema().changeTracking(entity)) {
                throw DataverseErrors.badQuery("Change tracking is not enabled for the entity '" + entity.logicalName()
                        + "'. Turn on ChangeTrackingEnabled in its metadata first.");
            }
        }
        Long deltaVersion = !tracking ? null : token != null ? token.deltaVersion() : store.currentVersion();
        List<Row> rows = new ArrayList<>(store.rows(entity).stream()
                .filter(r -> options.filter().map(f -> f.test(r)).orElse(true))
                .toList());
        rows.sort(options.order()::compare);
        int matching = rows.size();
        if (token != null) {
            rows = rows.stream().filter(r -> options.order().compare(options.order().positionOf(r), token.after()) > 0)
                    .toList();
        }
        int pageSize = Math.min(preferences.maxPageSize().orElse(settings.maxPageSize()), settings.maxPageSize());
        boolean limitedByTop = preferences.maxPageSize().isEmpty() && options.top().isPresent();
        if (limitedByTop) {
            pageSize = Math.min(pageSize, options.top().get());
        }
        List<Row> page = rows.subList(0, Math.min(pageSize, rows.size()));
        boolean more = !limitedByTop && rows.size() > page.size();

        ObjectNode body = Json.object();
        body.put("@odata.context", context(entity, options.select(), ""));
        if (options.count()) {
            body.put("@odata.count", Math.min(matching, 5000));
        }
        ArrayNode value = body.putArray("value");
        page.forEach(r -> value.add(renderer.render(entity, r, options.select(), preferences)));
        if (more) {
            PageToken next = new PageToken(options.order().positionOf(page.getLast()), deltaVersion);
            body.put("@odata.nextLink", link(request, entity, "$skiptoken", next.encode()));
        } else if (tracking) {
            body.put("@odata.deltaLink", link(request, entity, "$deltatoken", tracker.issue(deltaVersion)));
        }
        Response response = Response.json(200, body);
        List<String> applied = new ArrayList<>();
        preferences.maxPageSize().ifPresent(n -> applied.add("odata.maxpagesize=" + n));
        if (tracking) {
            applied.add("odata.track-changes");
        }
        if (!preferences.annotationPatterns().isEmpty()) {
            applied.add("odata.include-annotations=\"" + String.join(",", preferences.annotationPatterns()) + "\"");
        }
        return applied.isEmpty() ? response : response.header("Preference-Applied", String.join(",", applied));
    }

    /** A delta request: rows created or changed since the token, then deletions, then a new delta link. */
    private Response delta(Request request, EntityDefinition entity, QueryOptions options, Preferences preferences) {
        long since = tracker.versionOf(options.deltaToken().get());
        long now = store.currentVersion();
        ObjectNode body = Json.object();
        body.put("@odata.context", context(entity, options.select(), "/$delta"));
        ArrayNode value = body.putArray("value");
        store.changedAfter(entity, since).forEach(r -> value.add(renderer.render(entity, r, options.select(), preferences)));
        for (Table.Tombstone deleted : store.deletedAfter(entity, since)) {
            ObjectNode entry = value.addObject();
            entry.put("@odata.context", apiRoot() + "$metadata#" + entity.entitySet() + "/$deletedEntity");
            entry.put("id", deleted.id().toString());
            entry.put("reason", "deleted");
        }
        body.put("@odata.deltaLink", link(request, entity, "$deltatoken", tracker.issue(now)));
        return Response.json(200, body).header("Preference-Applied", "odata.track-changes");
    }

    /** The JSON body of a write; the Web API accepts JSON only and says so with 415. */
    private static JsonNode jsonBody(Request request) {
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, DataverseErrors.BAD_QUERY,
                    "The content type '" + contentType + "' is not supported; send application/json.");
        }
        return request.json();
    }

    private ObjectNode entityBody(EntityDefinition entity, Row row, List<String> select, Preferences preferences) {
        ObjectNode body = Json.object();
        body.put("@odata.context", context(entity, select, "/$entity"));
        body.setAll(renderer.render(entity, row, select, preferences));
        return body;
    }

    private String context(EntityDefinition entity, List<String> select, String suffix) {
        String columns = select.isEmpty() ? "" : "(" + String.join(",", select) + ")";
        return apiRoot() + "$metadata#" + entity.entitySet() + columns + suffix;
    }

    /** The request's URL without paging or delta tokens, plus the given token. */
    private String link(Request request, EntityDefinition entity, String tokenName, String token) {
        String raw = request.uri().getRawQuery();
        List<String> kept = raw == null ? List.of() : Arrays.stream(raw.split("&"))
                .filter(p -> !p.isEmpty() && !p.startsWith("$skiptoken=") && !p.startsWith("$deltatoken=")
                        && !p.startsWith("%24skiptoken=") && !p.startsWith("%24deltatoken="))
                .toList();
        List<String> parts = new ArrayList<>(kept);
        parts.add(tokenName + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return apiRoot() + entity.entitySet() + "?" + String.join("&", parts);
    }

    private String entityId(EntityDefinition entity, UUID id) {
        return apiRoot() + entity.entitySet() + "(" + id + ")";
    }

    private EntityDefinition entity(Request request) {
        String set = request.pathParam("set");
        return store.schema().entitySet(set).orElseThrow(() -> DataverseErrors.unknownEntitySet(set));
    }

    private ObjectNode requestCountsJson() {
        ObjectNode body = Json.object();
        Map<String, Long> counts = new TreeMap<>(requestCounts());
        body.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        ObjectNode callers = body.putObject("callers");
        counts.forEach(callers::put);
        ObjectNode throttled = body.putObject("throttled");
        new TreeMap<>(throttledCounts()).forEach(throttled::put);
        return body;
    }

    private static String audience(String environmentUrl) {
        return environmentUrl.endsWith("/") ? environmentUrl.substring(0, environmentUrl.length() - 1) : environmentUrl;
    }
}
