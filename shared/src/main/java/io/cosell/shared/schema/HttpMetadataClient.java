package io.cosell.shared.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.ApiResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MetadataClient} over the Dataverse Web API, with the request shapes of {@code dataverse-metadata-api.md}:
 * the four OData headers on every call, {@code MSCRM.SolutionUniqueName} on every create, {@code Consistency: Strong}
 * on reads (a component created moments ago is then visible), change tracking through a full-definition {@code PUT}
 * with {@code MSCRM.MergeLabels: true}. Labels are sent as {@code LocalizedLabels} only (language 1033).
 */
public final class HttpMetadataClient implements MetadataClient {

    private static final Pattern ENTITY_ID = Pattern.compile("\\(([0-9a-fA-F-]{36})\\)$");
    private static final int LANGUAGE = 1033;

    private final ApiHttpClient http;
    private final URI apiRoot;
    private final ObjectMapper json;

    public HttpMetadataClient(ApiHttpClient http, URI apiRoot, ObjectMapper json) {
        this.http = http;
        String root = apiRoot.toString();
        this.apiRoot = URI.create(root.endsWith("/") ? root : root + "/");
        this.json = json;
    }

    @Override
    public Optional<Row> publisher(String uniqueName) {
        JsonNode rows = get("publishers?$select=publisherid,uniquename,customizationprefix&$filter="
                + encode("uniquename eq '" + uniqueName.replace("'", "''") + "'")).orElseThrow().path("value");
        return rows.isEmpty() ? Optional.empty() : Optional.of(new Row(UUID.fromString(rows.get(0).path("publisherid").asText()),
                rows.get(0).path("uniquename").asText(), rows.get(0).path("customizationprefix").asText()));
    }

    @Override
    public UUID createPublisher(String uniqueName, String friendlyName, String prefix, int optionValuePrefix) {
        ObjectNode body = json.createObjectNode();
        body.put("friendlyname", friendlyName);
        body.put("uniquename", uniqueName);
        body.put("description", "Publisher of the co-sell connector's schema");
        body.put("customizationprefix", prefix);
        body.put("customizationoptionvalueprefix", optionValuePrefix);
        return createdId(post("publishers", body, null));
    }

    @Override
    public Optional<Row> solution(String uniqueName) {
        JsonNode rows = get("solutions?$select=solutionid,uniquename&$filter="
                + encode("uniquename eq '" + uniqueName.replace("'", "''") + "'")).orElseThrow().path("value");
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(new Row(UUID.fromString(rows.get(0).path("solutionid").asText()), uniqueName, null));
    }

    @Override
    public UUID createSolution(String uniqueName, String friendlyName, UUID publisherId) {
        ObjectNode body = json.createObjectNode();
        body.put("friendlyname", friendlyName);
        body.put("uniquename", uniqueName);
        body.put("description", "The co-sell connector's columns, tables and keys");
        body.put("version", "1.0.0.0");
        body.put("publisherid@odata.bind", "publishers(" + publisherId + ")");
        return createdId(post("solutions", body, null));
    }

    @Override
    public Optional<TableState> table(String logicalName) {
        return get(entity(logicalName) + "?$select=LogicalName,EntitySetName,ChangeTrackingEnabled,DisplayName")
                .map(t -> new TableState(t.path("LogicalName").asText(), t.path("EntitySetName").asText(),
                        t.path("ChangeTrackingEnabled").asBoolean(false), label(t.path("DisplayName"))));
    }

    @Override
    public void createTable(String solution, TableSpec table) {
        ObjectNode body = json.createObjectNode();
        body.put("@odata.type", "Microsoft.Dynamics.CRM.EntityMetadata");
        body.set("Description", label(table.displayName()));
        body.set("DisplayCollectionName", label(table.collectionName()));
        body.set("DisplayName", label(table.displayName()));
        body.put("HasActivities", false);
        body.put("HasNotes", false);
        body.put("IsActivity", false);
        body.put("OwnershipType", "UserOwned");
        body.put("PrimaryNameAttribute", table.primaryName());
        body.put("SchemaName", table.logicalName());
        body.put("EntitySetName", table.entitySet());
        ObjectNode primary = body.putArray("Attributes").addObject();
        primary.put("@odata.type", "Microsoft.Dynamics.CRM.StringAttributeMetadata");
        primary.put("AttributeType", "String");
        primary.putObject("AttributeTypeName").put("Value", "StringType");
        primary.put("MaxLength", table.primaryLength());
        primary.set("Description", label("Name"));
        primary.set("DisplayName", label("Name"));
        primary.put("IsPrimaryName", true);
        primary.set("RequiredLevel", requiredLevel(false));
        primary.put("SchemaName", table.primaryName());
        post("EntityDefinitions", body, solution);
    }

    @Override
    public List<AttributeState> attributes(String table) {
        JsonNode rows = get(entity(table) + "/Attributes?$select=LogicalName,AttributeType,DisplayName,IsCustomAttribute")
                .orElseThrow(() -> new ApiException(404, "", "table " + table + " does not exist", null))
                .path("value");
        List<AttributeState> attributes = new ArrayList<>();
        rows.forEach(a -> attributes.add(new AttributeState(a.path("LogicalName").asText(),
                a.path("AttributeType").asText(), a.hasNonNull("MaxLength") ? a.get("MaxLength").asInt() : null,
                label(a.path("DisplayName")), a.path("IsCustomAttribute").asBoolean(false))));
        return attributes;
    }

    @Override
    public void createColumn(String solution, ColumnSpec column) {
        ObjectNode body = json.createObjectNode();
        String type = column.kind().attributeType();
        body.put("@odata.type", "Microsoft.Dynamics.CRM." + type + "AttributeMetadata");
        body.put("AttributeType", type);
        body.putObject("AttributeTypeName").put("Value", type + "Type");
        body.put("SchemaName", column.name());
        body.set("DisplayName", label(column.displayName()));
        body.set("Description", label(column.displayName()));
        body.set("RequiredLevel", requiredLevel(true));
        switch (column.kind()) {
            case TEXT -> {
                body.putObject("FormatName").put("Value", "Text");
                body.put("MaxLength", column.maxLength());
            }
            case MEMO -> {
                body.put("Format", "TextArea");
                body.put("ImeMode", "Disabled");
                body.put("MaxLength", column.maxLength());
                body.put("IsLocalizable", false);
            }
            case BOOLEAN -> {
                body.put("DefaultValue", false);
                ObjectNode options = body.putObject("OptionSet");
                options.set("TrueOption", option(1, "Yes"));
                options.set("FalseOption", option(0, "No"));
                options.put("OptionSetType", "Boolean");
            }
            case CHOICE -> {
                body.put("SourceTypeMask", 0);
                ObjectNode options = body.putObject("OptionSet");
                options.put("@odata.type", "Microsoft.Dynamics.CRM.OptionSetMetadata");
                ArrayNode list = options.putArray("Options");
                for (Map.Entry<Integer, String> o : column.options().entrySet()) {
                    list.add(option(o.getKey(), o.getValue()));
                }
                options.put("IsGlobal", false);
                options.put("OptionSetType", "Picklist");
            }
            case LOOKUP -> throw new IllegalArgumentException("a lookup is created as its relationship: createLookup");
        }
        post(entity(column.table()) + "/Attributes", body, solution);
    }

    @Override
    public void createLookup(String solution, ColumnSpec lookup) {
        ObjectNode body = json.createObjectNode();
        body.put("@odata.type", "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata");
        ObjectNode menu = body.putObject("AssociatedMenuConfiguration");
        menu.put("Behavior", "UseLabel");
        menu.put("Group", "Details");
        menu.set("Label", label(lookup.displayName()));
        menu.put("Order", 10000);
        menu.put("ViewId", "00000000-0000-0000-0000-000000000000");
        ObjectNode cascade = body.putObject("CascadeConfiguration");
        cascade.put("Assign", "NoCascade");
        cascade.put("Delete", "RemoveLink");
        cascade.put("Merge", "Cascade");
        cascade.put("Reparent", "NoCascade");
        cascade.put("Share", "NoCascade");
        cascade.put("Unshare", "NoCascade");
        cascade.put("RollupView", "NoCascade");
        body.put("IsHierarchical", false);
        body.put("ReferencedAttribute", lookup.target() + "id");
        body.put("ReferencedEntity", lookup.target());
        body.put("ReferencingEntity", lookup.table());
        ObjectNode attribute = body.putObject("Lookup");
        attribute.put("@odata.type", "Microsoft.Dynamics.CRM.LookupAttributeMetadata");
        attribute.put("AttributeType", "Lookup");
        attribute.putObject("AttributeTypeName").put("Value", "LookupType");
        attribute.put("Format", "None");
        attribute.set("Description", label(lookup.displayName()));
        attribute.set("DisplayName", label(lookup.displayName()));
        attribute.put("SchemaName", lookup.name());
        body.put("IsCustomRelationship", false);
        body.put("IsManaged", false);
        body.put("IsValidForAdvancedFind", false);
        body.put("RelationshipType", "OneToManyRelationship");
        body.put("SchemaName", lookup.name() + "_" + lookup.table());
        body.put("SecurityTypes", "None");
        post("RelationshipDefinitions", body, solution);
    }

    @Override
    public List<KeyState> keys(String table) {
        JsonNode rows = get(entity(table) + "/Keys?$select=SchemaName,KeyAttributes,EntityKeyIndexStatus")
                .orElseThrow(() -> new ApiException(404, "", "table " + table + " does not exist", null))
                .path("value");
        List<KeyState> keys = new ArrayList<>();
        rows.forEach(k -> {
            List<String> columns = new ArrayList<>();
            k.path("KeyAttributes").forEach(c -> columns.add(c.asText()));
            keys.add(new KeyState(k.path("SchemaName").asText(), columns, k.path("EntityKeyIndexStatus").asText()));
        });
        return keys;
    }

    @Override
    public void createKey(String solution, KeySpec key) {
        ObjectNode body = json.createObjectNode();
        body.put("@odata.type", "Microsoft.Dynamics.CRM.EntityKeyMetadata");
        body.put("SchemaName", key.name());
        body.set("DisplayName", label(String.join(", ", key.columns())));
        ArrayNode columns = body.putArray("KeyAttributes");
        key.columns().forEach(columns::add);
        post(entity(key.table()) + "/Keys", body, solution);
    }

    @Override
    public void enableChangeTracking(String solution, String table) {
        ObjectNode definition = (ObjectNode) get(entity(table)).orElseThrow(() ->
                new ApiException(404, "", "table " + table + " does not exist", null));
        definition.remove("@odata.context");
        definition.put("ChangeTrackingEnabled", true);
        send("PUT", entity(table), definition, Map.of("MSCRM.SolutionUniqueName", solution, "MSCRM.MergeLabels", "true"));
    }

    @Override
    public void publish(List<String> tables) {
        StringBuilder xml = new StringBuilder("<importexportxml><entities>");
        tables.forEach(t -> xml.append("<entity>").append(t).append("</entity>"));
        xml.append("</entities></importexportxml>");
        ObjectNode body = json.createObjectNode();
        body.put("ParameterXml", xml.toString());
        post("PublishXml", body, null);
    }

    private static String entity(String logicalName) {
        return "EntityDefinitions(LogicalName='" + logicalName + "')";
    }

    /** A GET with {@code Consistency: Strong}; empty on 404. */
    private Optional<JsonNode> get(String path) {
        try {
            ApiResponse response = http.send(() -> base(path).GET()
                    .header("Consistency", "Strong")
                    .header("If-None-Match", "null"));
            return Optional.of(json.readTree(response.body()));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer from " + path, e);
        }
    }

    private ApiResponse post(String path, ObjectNode body, String solution) {
        return send("POST", path, body, solution == null ? Map.of() : Map.of("MSCRM.SolutionUniqueName", solution));
    }

    private ApiResponse send(String method, String path, ObjectNode body, Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return http.send(() -> {
            HttpRequest.Builder request = base(path)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .header("Content-Type", "application/json; charset=utf-8");
            headers.forEach(request::header);
            return request;
        });
    }

    private HttpRequest.Builder base(String path) {
        return HttpRequest.newBuilder(apiRoot.resolve(path))
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
    }

    private static UUID createdId(ApiResponse response) {
        String entityId = response.header("OData-EntityId").orElseThrow(() ->
                new ApiException(response.status(), "", "no OData-EntityId in the create answer", null));
        Matcher m = ENTITY_ID.matcher(entityId);
        if (!m.find()) {
            throw new ApiException(response.status(), "", "unexpected OData-EntityId " + entityId, null);
        }
        return UUID.fromString(m.group(1));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private ObjectNode label(String text) {
        ObjectNode label = json.createObjectNode();
        label.put("@odata.type", "Microsoft.Dynamics.CRM.Label");
        ObjectNode localized = label.putArray("LocalizedLabels").addObject();
        localized.put("@odata.type", "Microsoft.Dynamics.CRM.LocalizedLabel");
        localized.put("Label", text);
        localized.put("LanguageCode", LANGUAGE);
        return label;
    }

    private static String label(JsonNode label) {
        JsonNode user = label.path("UserLocalizedLabel").path("Label");
        return user.isTextual() ? user.asText() : label.path("LocalizedLabels").path(0).path("Label").asText("");
    }

    private ObjectNode option(int value, String text) {
        ObjectNode option = json.createObjectNode();
        option.put("Value", value);
        option.set("Label", label(text));
        return option;
    }

    private ObjectNode requiredLevel(boolean canBeChanged) {
        ObjectNode level = json.createObjectNode();
        level.put("Value", "None");
        level.put("CanBeChanged", canBeChanged);
        level.put("ManagedPropertyLogicalName", "canmodifyrequirementlevelsettings");
        return level;
    }
}
