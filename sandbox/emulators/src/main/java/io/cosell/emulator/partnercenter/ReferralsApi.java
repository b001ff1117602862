package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Referrals API, {@code /v1.0/engagements/referrals} (fact sheet §1). Choices where the docs are silent:
 * <ul>
 *   <li>POST answers {@code 201 Created} (the connector swagger says 200; clients must accept any 2xx). A client-sent
 *       {@code engagementId} is kept (the documented two-POST way to join an engagement); {@code id}, timestamps,
 *       eTag, links, organization, status Active/Accepted and direction Outgoing are set by the server.</li>
 *   <li>Paging is by offset inside an opaque {@code $skiptoken} that carries the whole query; {@code @odata.count} is
 *       the number of matching referrals (after {@code $top}). Without {@code $orderby} the order is creation
 *       order. Query options other than $filter, $orderby, $top, $count and $skiptoken are rejected (400).</li>
 *   <li>{@code If-Match} matches with or without the surrounding quotes; {@code *} matches any eTag.</li>
 *   <li>Referrals of another organization (e.g. Microsoft's side of an engagement) can be read but not changed
 *       (403 {@code accessDenied}).</li>
 *   <li>Order of checks on PATCH/PUT: 404, 400 (bad body), 403, 412 (eTag), 409 (terminal), 400 (transition).</li>
 * </ul>
 */
final class ReferralsApi {

    static final String PATH = "/v1.0/engagements/referrals";
    private static final Set<String> QUERY_OPTIONS = Set.of("$filter", "$orderby", "$top", "$count", "$skiptoken");
    private static final List<String> CREATE_REQUIRED_OBJECTS = List.of("customerProfile", "consent", "details");
    private static final Set<String> PUT_IMMUTABLE = Set.of("id", "engagementId", "createdDateTime", "direction",
            "organizationId");
    private static final List<String> SERVER_MANAGED = List.of("id", "engagementId", "organizationId",
            "organizationName", "createdDateTime", "direction", "acceptedDateTime", "closedDateTime", "links");

    /** One list request, carried whole in the skiptoken so later pages need nothing else. */
    record ListQuery(String filter, String orderBy, Integer top, int skip) {
    }

    private final PartnerCenterSettings settings;
    private final Supplier<URI> baseUri;
    private final ReferralStore store;
    private final ReferralFactory factory;
    private final ReferralNotifier notifier;

    ReferralsApi(PartnerCenterSettings settings, Supplier<URI> baseUri, ReferralStore store, ReferralFactory factory,
                 ReferralNotifier notifier) {
        this.settings = settings;
        this.baseUri = baseUri;
        this.store = store;
        this.factory = factory;
        this.notifier = notifier;
    }

    void routes(Router router) {
        router.get(PATH, this::list)
                .post(PATH, this::create)
                .get(PATH + "/{id}", this::get)
                .patch(PATH + "/{id}", this::patch)
                .put(PATH + "/{id}", this::put);
    }

    private Response list(Request request) {
        ListQuery query = request.queryParam("$skiptoken").map(ReferralsApi::decode).orElseGet(() -> parse(request));
        Predicate<JsonNode> filter = ReferralFilter.parse(query.filter());
        List<ObjectNode> matching = store.all().stream()
                .filter(filter)
                .sorted(order(query.orderBy()))
                .limit(query.top() == null ? Long.MAX_VALUE : query.top())
                .toList();
        int end = Math.min(matching.size(), query.skip() + settings.pageSize());
        ObjectNode body = Json.object();
        body.put("@odata.context", baseUri.get() + "/v1.0/$metadata#referrals");
        body.put("@odata.count", matching.size());
        ArrayNode value = body.putArray("value");
        matching.subList(Math.min(query.skip(), end), end).forEach(value::add);
        if (end < matching.size()) {
            ListQuery next = new ListQuery(query.filter(), query.orderBy(), query.top(), end);
            body.put("@odata.nextLink", baseUri.get() + PATH + "?$skiptoken=" + encode(next));
        }
        return Response.json(200, body);
    }

    private static ListQuery parse(Request request) {
        for (String option : request.query().keySet()) {
            if (option.startsWith("$") && !QUERY_OPTIONS.contains(option)) {
                throw PartnerCenterError.invalidRequest(option, "Query option " + option + " is not supported; use "
                        + QUERY_OPTIONS + ".");
            }
        }
        Integer top = request.queryParam("$top").map(value -> {
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < 0) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw PartnerCenterError.invalidRequest("$top", "$top must be a non-negative integer.");
            }
        }).orElse(null);
        return new ListQuery(request.queryParam("$filter").orElse(null), request.queryParam("$orderby").orElse(null),
                top, 0);
    }

    /** {@code createdDateTime|updatedDateTime [asc|desc]}; none = creation order. */
    private static Comparator<ObjectNode> order(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return (a, b) -> 0;
        }
        String[] parts = orderBy.trim().split("\\s+");
        String field = parts[0];
        String direction = parts.length > 1 ? parts[1].toLowerCase() : "asc";
        if (!Set.of("createdDateTime", "updatedDateTime").contains(field) || parts.length > 2
                || !Set.of("asc", "desc").contains(direction)) {
            throw PartnerCenterError.invalidRequest("$orderby", "Unsupported $orderby '" + orderBy
                    + "'; use createdDateTime or updatedDateTime, optionally with asc or desc.");
        }
        Comparator<ObjectNode> ascending = Comparator.comparing(r -> Instant.parse(r.path(field).asText()));
        return direction.equals("desc") ? ascending.reversed() : ascending;
    }

    private static String encode(ListQuery query) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(query));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ListQuery decode(String token) {
        try {
            return Json.MAPPER.readValue(Base64.getUrlDecoder().decode(token), ListQuery.class);
        } catch (IOException | IllegalArgumentException e) {
            throw PartnerCenterError.invalidRequest("$skiptoken", "The $skiptoken is not valid; follow "
                    + "@odata.nextLink exactly as returned.");
        }
    }

    private Response get(Request request) {
        ObjectNode referral = store.get(request.pathParam("id"));
        return withETag(Response.json(200, referral), referral);
    }

    private Response create(Request request) {
        ObjectNode body = requireReferralBody(request.json());
        String now = store.now();
        ObjectNode referral = store.insert(factory.outgoing(body, now));
        notifier.created(referral);
        if (sharedWithMicrosoft(referral)) {
            notifier.created(store.insert(factory.microsoftSideOf(referral, now)));
        }
        return withETag(Response.json(201, referral), referral);
    }

    private static boolean sharedWithMicrosoft(ObjectNode referral) {
        return "Shared".equals(referral.path("type").asText())
                && referral.path("consent").path("consentToShareReferralWithMicrosoftSellers").asBoolean(false);
    }

    private Response patch(Request request) {
        String id = request.pathParam("id");
        store.get(id);
        List<JsonPatch.Operation> operations = JsonPatch.parse(request.json());
        Optional<String> ifMatch = request.header("If-Match");
        ObjectNode updated = store.update(id, (current, now) -> {
            requireChangeable(current, ifMatch);
            ObjectNode next = current.deepCopy();
            JsonPatch.apply(next, operations);
            ReferralLifecycle.applyTransition(current, next, now);
            return next;
        });
        notifier.updated(updated);
        boolean representation = request.header("Prefer").map(p -> p.contains("return=representation")).orElse(false);
        return withETag(representation ? Response.json(200, updated) : Response.empty(204), updated);
    }

    private Response put(Request request) {
        String id = request.pathParam("id");
        store.get(id);
        String ifMatch = request.header("If-Match").orElseThrow(() -> PartnerCenterError.invalidRequest("If-Match",
                "The If-Match header with the referral's current eTag is required on PUT."));
        ObjectNode body = requireReferralBody(request.json());
        if (body.has("links")) {
            throw PartnerCenterError.invalidRequest("links", "Remove the read-only 'links' object from the PUT body.");
        }
        ObjectNode updated = store.update(id, (current, now) -> {
            requireChangeable(current, Optional.of(ifMatch));
            for (String field : PUT_IMMUTABLE) {
                if (body.has(field) && !body.get(field).equals(current.get(field))) {
                    throw PartnerCenterError.invalidRequest(field, "'" + field + "' is read-only.");
                }
            }
            ObjectNode next = Json.object();
            next.put("id", id);
            next.setAll(body);
            for (String field : SERVER_MANAGED) {
                if (current.has(field)) {
                    next.set(field, current.get(field).deepCopy());
                } else {
                    next.remove(field);
                }
            }
            ReferralLifecycle.applyTransition(current, next, now);
            return next;
        });
        notifier.updated(updated);
        return withETag(Response.json(200, updated), updated);
    }

    private void requireChangeable(ObjectNode current, Optional<String> ifMatch) {
        if (!settings.organizationId().equals(current.path("organizationId").asText())) {
            throw new HttpError(403, "accessDenied", "Referral '" + current.path("id").asText() + "' belongs to "
                    + "organization '" + current.path("organizationId").asText() + "'; only its owner can change it.");
        }
        if (ifMatch.isPresent() && !eTagMatches(ifMatch.get(), current.path("eTag").asText())) {
            throw PartnerCenterError.etagMismatch();
        }
        ReferralLifecycle.requireEditable(current);
    }

    private static boolean eTagMatches(String ifMatch, String eTag) {
        String wanted = ifMatch.trim();
        return wanted.equals("*") || unquote(wanted).equals(unquote(eTag));
    }

    private static String unquote(String value) {
        String v = value.startsWith("W/") ? value.substring(2) : value;
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** 400 naming the first missing required field (type, customerProfile, consent, details). */
    private static ObjectNode requireReferralBody(JsonNode body) {
        if (!body.isObject()) {
            throw PartnerCenterError.invalidRequest("body", "The body must be a referral JSON object.");
        }
        String type = body.path("type").asText("");
        if (type.isEmpty()) {
            throw PartnerCenterError.invalidRequest("type", "The field 'type' is required (Independent or Shared).");
        }
        if (!type.equals("Independent") && !type.equals("Shared")) {
            throw PartnerCenterError.invalidRequest("type", "The field 'type' must be Independent or Shared, was '"
                    + type + "'.");
        }
        for (String field : CREATE_REQUIRED_OBJECTS) {
            if (!body.path(field).isObject()) {
                throw PartnerCenterError.invalidRequest(field, "The field '" + field + "' is required.");
            }
        }
        return (ObjectNode) body;
    }

    private static Response withETag(Response response, ObjectNode referral) {
        return response.header("ETag", referral.path("eTag").asText());
    }
}
