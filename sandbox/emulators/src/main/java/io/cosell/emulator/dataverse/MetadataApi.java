package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Handler;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The metadata part of the Web API that provisioning uses ({@code dataverse-metadata-api.md}):
 * {@code EntityDefinitions} (read by {@code LogicalName='…'}, create, {@code PUT} for change tracking), their
 * {@code Attributes} (list with {@code $filter}, create), {@code Keys} (list with {@code EntityKeyIndexStatus},
 * create), {@code RelationshipDefinitions} (one-to-many with its lookup) and {@code PublishXml}/{@code PublishAllXml}.
 * Publishers and solutions are ordinary tables of the data API.
 *
 * <p>As Dataverse does: a new key's index is {@code Pending} for {@link DataverseSettings#keyIndexDelay()}, then
 * {@code Active}, and only then usable for upserts; a table created through this API answers 404 for
 * {@link DataverseSettings#metadataCacheLag()} to requests without {@code Consistency: Strong}; a component's schema
 * name must start with the prefix of the publisher of the solution named in {@code MSCRM.SolutionUniqueName};
 * change tracking cannot be turned off. Where the docs are silent the emulator chose: an existing component answers
 * 400 {@code 0x80044363} ("already exists"); a missing table 404 {@code 0x80060888}.
 */
final class MetadataApi {

    static final String ALREADY_EXISTS = "0x80044363";

    private record TableInfo(UUID id, String schemaName, String displayName, boolean custom, Instant createdOn) {
    }

    private record ColumnInfo(UUID id, String schemaName, String displayName, boolean custom) {
    }

    private record KeyInfo(UUID id, String table, String schemaName, List<String> columns, String displayName) {
    }

    private record Relationship(UUID id, String schemaName, String referencedEntity, String referencingEntity,
                                String lookup) {
    }

    private final DataverseStore store;
    private final DataverseSettings settings;
    private final Clock clock;
    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();
    private final Map<String, ColumnInfo> columns = new ConcurrentHashMap<>();
    private final List<KeyInfo> keys = new CopyOnWriteArrayList<>();
    private final Map<String, Relationship> relationships = new ConcurrentHashMap<>();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService indexBuilder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dataverse-key-index");
        thread.setDaemon(true);
        return thread;
    });

    MetadataApi(DataverseStore store, DataverseSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Adds the metadata routes (they must come before the data API's {@code {set}({key})} routes). */
    Router routes(Router router, String api, UnaryOperator<Handler> wrap) {
        return router
                .get(api + "/EntityDefinitions({key})/Attributes", wrap.apply(this::attributes))
                .post(api + "/EntityDefinitions({key})/Attributes", wrap.apply(this::createAttribute))
                .get(api + "/EntityDefinitions({key})/Keys", wrap.apply(this::keys))
                .post(api + "/EntityDefinitions({key})/Keys", wrap.apply(this::createKey))
                .get(api + "/EntityDefinitions({key})", wrap.apply(this::entity))
                .put(api + "/EntityDefinitions({key})", wrap.apply(this::updateEntity))
                .post(api + "/EntityDefinitions", wrap.apply(this::createEntity))
                .get(api + "/RelationshipDefinitions({key})", wrap.apply(this::relationship))
                .post(api + "/RelationshipDefinitions", wrap.apply(this::createRelationship))
                .post(api + "/PublishXml", wrap.apply(r -> publish(r.json().path("ParameterXml").asText(""))))
                .post(api + "/PublishAllXml", wrap.apply(r -> publish("all")));
    }

    /** What PublishXml/PublishAllXml were asked to publish, oldest first. */
    List<String> published() {
        return List.copyOf(published);
    }

    void reset() {
        published.clear();
    }

    private Response entity(Request request) {
        EntityDefinition table = table(request);
        ObjectNode body = entityJson(table);
        body.put("@odata.context", "$metadata#EntityDefinitions/$entity");
        return Response.json(200, MetadataJson.selected(body, request));
    }

    private ObjectNode entityJson(EntityDefinition table) {
        TableInfo info = tableInfo(table);
        ObjectNode body = Json.object();
        body.put("MetadataId", info.id().toString());
        body.put("LogicalName", table.logicalName());
        body.put("SchemaName", info.schemaName());
        body.put("EntitySetName", table.entitySet());
        body.put("PrimaryIdAttribute", table.primaryKey());
        body.put("PrimaryNameAttribute", table.primaryName());
        body.put("IsCustomEntity", info.custom());
        body.put("ChangeTrackingEnabled", store.schema().changeTracking(table));
        ObjectNode can = body.putObject("CanChangeTrackingBeEnabled");
        can.put("Value", true);
        can.put("CanBeChanged", true);
        body.set("DisplayName", MetadataJson.label(info.displayName()));
        return body;
    }

    /** A full-definition PUT: the emulator takes {@code ChangeTrackingEnabled} from it. */
    private Response updateEntity(Request request) {
        EntityDefinition table = table(request);
        JsonNode body = request.json();
        if (body.has("ChangeTrackingEnabled")) {
            boolean on = body.get("ChangeTrackingEnabled").asBoolean();
            if (!on && store.schema().changeTracking(table)) {
                throw DataverseErrors.validation("Change tracking cannot be disabled once it is enabled for entity "
                        + table.logicalName() + ".");
            }
            if (on) {
                store.schema().enableChangeTracking(table);
            }
        }
        return Response.empty(204);
    }

    private Response createEntity(Request request) {
        JsonNode body = request.json();
        String schemaName = required(body, "SchemaName");
        checkPrefix(request, schemaName);
        String logicalName = schemaName.toLowerCase(Locale.ROOT);
        if (store.schema().logicalName(logicalName).isPresent()) {
            throw exists("An entity with the specified name " + logicalName + " already exists.");
        }
        JsonNode primary = null;
        for (JsonNode attribute : body.path("Attributes")) {
            if (attribute.path("IsPrimaryName").asBoolean(false)) {
                primary = attribute;
            }
        }
        if (primary == null || body.path("Attributes").size() != 1) {
            throw DataverseErrors.validation("Attributes must hold exactly one StringAttributeMetadata with "
                    + "IsPrimaryName true.");
        }
        String entitySet = body.path("EntitySetName").asText(logicalName + "s");
        String primaryName = required(primary, "SchemaName").toLowerCase(Locale.ROOT);
        EntityDefinition table = EntityDefinition.builder(logicalName, entitySet, logicalName + "id")
                .primaryName(primaryName, primary.path("MaxLength").asInt(100))
                .build();
        tables.put(logicalName, new TableInfo(UUID.randomUUID(), schemaName, MetadataJson.text(body.path("DisplayName")), true,
                clock.instant()));
        columns.put(logicalName + "." + primaryName, new ColumnInfo(UUID.randomUUID(), primary.get("SchemaName").asText(),
                MetadataJson.text(primary.path("DisplayName")), true));
        store.define(table);
        if (body.path("ChangeTrackingEnabled").asBoolean(false)) {
            store.schema().enableChangeTracking(table);
        }
        return Response.empty(204).header("OData-EntityId", "EntityDefinitions(" + tables.get(logicalName).id() + ")");
    }

    private Response attributes(Request request) {
        EntityDefinition table = table(request);
        Map<String, String> filter = MetadataJson.filter(request.queryParam("$filter").orElse(""));
        ArrayNode value = Json.object().arrayNode();
        for (ColumnDefinition column : table.columns().values()) {
            ObjectNode json = attributeJson(table, column);
            boolean matches = filter.entrySet().stream()
                    .allMatch(e -> json.path(e.getKey()).asText().equalsIgnoreCase(e.getValue()));
            if (matches) {
                value.add(MetadataJson.selected(json, request));
            }
        }
        ObjectNode body = Json.object();
        body.put("@odata.context", "$metadata#EntityDefinitions('" + table.logicalName() + "')/Attributes");
        body.set("value", value);
        return Response.json(200, body);
    }

    private ObjectNode attributeJson(EntityDefinition table, ColumnDefinition column) {
        ColumnInfo info = columns.getOrDefault(table.logicalName() + "." + column.name(),
                new ColumnInfo(UUID.nameUUIDFromBytes((table.logicalName() + "." + column.name()).getBytes()),
                        column.name(), column.name(), column.name().startsWith(DataverseSchema.CONNECTOR_PREFIX)));
        String type = MetadataJson.attributeType(table, column);
        ObjectNode json = Json.object();
        json.put("@odata.type", "#Microsoft.Dynamics.CRM." + MetadataJson.metadataType(type));
        json.put("MetadataId", info.id().toString());
        json.put("LogicalName", column.name());
        json.put("SchemaName", info.schemaName());
        json.put("AttributeType", type);
        json.putObject("AttributeTypeName").put("Value", type + "Type");
        json.put("IsCustomAttribute", info.custom());
        json.put("IsPrimaryName", column.name().equals(table.primaryName()));
        json.set("DisplayName", MetadataJson.label(info.displayName()));
        if (column.maxLength() != null) {
            json.put("MaxLength", column.maxLength());
        }
        if (column.type() == ColumnType.DATEONLY) {
            json.put("Format", "DateOnly");
        }
        if (column.type() == ColumnType.LOOKUP) {
            ArrayNode targets = json.putArray("Targets");
            column.navigations().values().forEach(set -> store.schema().entitySet(set)
                    .ifPresent(t -> targets.add(t.logicalName())));
        }
        return json;
    }

    private Response createAttribute(Request request) {
        EntityDefinition table = table(request);
        JsonNode body = request.json();
        String schemaName = required(body, "SchemaName");
        checkPrefix(request, schemaName);
        String name = schemaName.toLowerCase(Locale.ROOT);
        if (table.column(name).isPresent()) {
            throw exists("An attribute with the specified name " + name + " already exists on " + table.logicalName()
                    + ".");
        }
        ColumnDefinition column = MetadataJson.column(name, body);
        columns.put(table.logicalName() + "." + name, new ColumnInfo(UUID.randomUUID(), schemaName,
                MetadataJson.text(body.path("DisplayName")), true));
        store.define(table.withColumns(List.of(column)));
        return Response.empty(204).header("OData-EntityId",
                "EntityDefinitions(" + tableInfo(table).id() + ")/Attributes(" + columns.get(table.logicalName() + "." + name).id() + ")");
    }


    private Response keys(Request request) {
        EntityDefinition table = table(request);
        ArrayNode value = Json.object().arrayNode();
        table.alternateKeys().forEach((name, keyColumns) -> {
            Optional<KeyInfo> created = key(table, name);
            value.add(MetadataJson.keyJson(created.map(KeyInfo::id).orElse(UUID.nameUUIDFromBytes(name.getBytes())),
                    created.map(KeyInfo::schemaName).orElse(name), keyColumns, "Active"));
        });
        keys.stream().filter(k -> k.table().equals(table.logicalName()) && !table.alternateKeys().containsKey(k.schemaName().toLowerCase(Locale.ROOT)))
                .forEach(k -> value.add(MetadataJson.keyJson(k.id(), k.schemaName(), k.columns(), "Pending")));
        ObjectNode body = Json.object();
        body.set("value", value);
        return Response.json(200, body);
    }


    private Optional<KeyInfo> key(EntityDefinition table, String name) {
        return keys.stream().filter(k -> k.table().equals(table.logicalName())
                && k.schemaName().equalsIgnoreCase(name)).findFirst();
    }

    private Response createKey(Request request) {
        EntityDefinition table = table(request);
        JsonNode body = request.json();
        String schemaName = required(body, "SchemaName");
        String name = schemaName.toLowerCase(Locale.ROOT);
        if (table.alternateKeys().containsKey(name) || key(table, name).isPresent()) {
            throw exists("A key with the name " + name + " already exists on " + table.logicalName() + ".");
        }
        List<String> keyColumns = new ArrayList<>();
        body.path("KeyAttributes").forEach(c -> keyColumns.add(c.asText()));
        if (keyColumns.isEmpty()) {
            throw DataverseErrors.validation("KeyAttributes must name at least one column.");
        }
        for (String keyColumn : keyColumns) {
            ColumnDefinition column = table.column(keyColumn).orElseThrow(() -> DataverseErrors.validation(
                    "The key attribute " + keyColumn + " does not exist on " + table.logicalName() + "."));
            if (column.type() == ColumnType.MEMO || column.type() == ColumnType.BOOLEAN) {
                throw DataverseErrors.validation("The attribute " + keyColumn + " of type " + column.type()
                        + " cannot be part of a key.");
            }
        }
        KeyInfo key = new KeyInfo(UUID.randomUUID(), table.logicalName(), schemaName, List.copyOf(keyColumns),
                MetadataJson.text(body.path("DisplayName")));
        keys.add(key);
        indexBuilder.schedule(() -> activate(key), settings.keyIndexDelay().toMillis(), TimeUnit.MILLISECONDS);
        return Response.empty(204).header("OData-EntityId",
                "EntityDefinitions(" + tableInfo(table).id() + ")/Keys(" + key.id() + ")");
    }

    private void activate(KeyInfo key) {
        store.schema().logicalName(key.table()).ifPresent(table ->
                store.define(table.withAlternateKey(key.schemaName().toLowerCase(Locale.ROOT), key.columns())));
    }

    private Response relationship(Request request) {
        String schemaName = MetadataJson.quoted(request.pathParam("key"), "SchemaName");
        Relationship found = relationships.get(schemaName.toLowerCase(Locale.ROOT));
        if (found == null) {
            throw new HttpError(404, DataverseErrors.BAD_QUERY, "Could not find relationship " + schemaName + ".");
        }
        ObjectNode json = Json.object();
        json.put("MetadataId", found.id().toString());
        json.put("SchemaName", found.schemaName());
        json.put("ReferencedEntity", found.referencedEntity());
        json.put("ReferencingEntity", found.referencingEntity());
        json.put("ReferencingAttribute", found.lookup());
        return Response.json(200, json);
    }

    private Response createRelationship(Request request) {
        JsonNode body = request.json();
        String schemaName = required(body, "SchemaName");
        checkPrefix(request, schemaName);
        if (relationships.containsKey(schemaName.toLowerCase(Locale.ROOT))) {
            throw exists("A relationship with the name " + schemaName + " already exists.");
        }
        EntityDefinition referenced = byLogicalName(required(body, "ReferencedEntity"));
        EntityDefinition referencing = byLogicalName(required(body, "ReferencingEntity"));
        JsonNode lookup = body.path("Lookup");
        String lookupSchema = required(lookup, "SchemaName");
        String lookupName = lookupSchema.toLowerCase(Locale.ROOT);
        if (referencing.column(lookupName).isPresent()) {
            throw exists("An attribute with the specified name " + lookupName + " already exists on "
                    + referencing.logicalName() + ".");
        }
        Relationship created = new Relationship(UUID.randomUUID(), schemaName, referenced.logicalName(),
                referencing.logicalName(), lookupName);
        relationships.put(schemaName.toLowerCase(Locale.ROOT), created);
        columns.put(referencing.logicalName() + "." + lookupName, new ColumnInfo(UUID.randomUUID(), lookupSchema,
                MetadataJson.text(lookup.path("DisplayName")), true));
        store.define(referencing.withColumns(List.of(
                ColumnDefinition.lookup(lookupName, Map.of(lookupSchema, referenced.entitySet())))));
        return Response.empty(204).header("OData-EntityId", "RelationshipDefinitions(" + created.id() + ")");
    }

    private Response publish(String what) {
        published.add(what);
        return Response.empty(204);
    }

    /** The table of a {@code EntityDefinitions(LogicalName='…')} or {@code EntityDefinitions(<MetadataId>)} path. */
    private EntityDefinition table(Request request) {
        String key = request.pathParam("key");
        EntityDefinition table;
        if (key.startsWith("LogicalName=")) {
            table = byLogicalName(MetadataJson.quoted(key, "LogicalName"));
        } else {
            table = store.schema().tables().stream().filter(t -> tableInfo(t).id().toString().equalsIgnoreCase(key))
                    .findFirst().orElseThrow(() -> notFound(key));
        }
        TableInfo info = tableInfo(table);
        boolean strong = request.header("Consistency").filter("Strong"::equalsIgnoreCase).isPresent();
        if (!strong && info.createdOn() != null
                && Duration.between(info.createdOn(), clock.instant()).compareTo(settings.metadataCacheLag()) < 0) {
            throw notFound(table.logicalName());
        }
        return table;
    }

    private EntityDefinition byLogicalName(String logicalName) {
        return store.schema().logicalName(logicalName).orElseThrow(() -> notFound(logicalName));
    }

    private TableInfo tableInfo(EntityDefinition table) {
        return tables.getOrDefault(table.logicalName(), new TableInfo(
                UUID.nameUUIDFromBytes(table.logicalName().getBytes()), table.logicalName(), table.logicalName(),
                table.logicalName().startsWith(DataverseSchema.CONNECTOR_PREFIX), null));
    }

    /** Dataverse refuses a custom component whose schema name lacks the solution publisher's prefix. */
    private void checkPrefix(Request request, String schemaName) {
        Optional<String> solution = request.header("MSCRM.SolutionUniqueName");
        if (solution.isEmpty()) {
            return;
        }
        EntityDefinition solutions = store.schema().require("solutions");
        EntityDefinition publishers = store.schema().require("publishers");
        Row row = store.rows(solutions).stream()
                .filter(r -> solution.get().equalsIgnoreCase(r.value("uniquename") == null ? "" : r.value("uniquename").asText()))
                .findFirst()
                .orElseThrow(() -> DataverseErrors.validation("The solution " + solution.get() + " does not exist."));
        String prefix = Optional.ofNullable(row.value("_publisherid_value"))
                .flatMap(id -> store.find(publishers.entitySet(), UUID.fromString(id.asText())))
                .map(p -> p.value("customizationprefix").asText())
                .orElse("new");
        if (!schemaName.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT) + "_")) {
            throw DataverseErrors.validation("The schema name " + schemaName + " must start with the prefix "
                    + prefix + "_ of the publisher of solution " + solution.get() + ".");
        }
    }

    private static HttpError notFound(String name) {
        return new HttpError(404, DataverseErrors.BAD_QUERY, "Could not find entity with name '" + name
                + "' (EntityMetadataNotFoundException).");
    }

    private static HttpError exists(String message) {
        return new HttpError(400, ALREADY_EXISTS, message);
    }

    private static String required(JsonNode body, String property) {
        String value = body.path(property).asText("");
        if (value.isBlank()) {
            throw DataverseErrors.validation(property + " is required.");
        }
        return value;
    }







}
