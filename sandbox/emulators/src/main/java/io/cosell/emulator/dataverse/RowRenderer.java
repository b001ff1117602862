package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;

import java.util.List;
import java.util.UUID;

/**
 * Renders a row as the Web API returns it: {@code @odata.etag}, then the selected columns (all when none are
 * selected; the primary key always), unset columns as null. With {@code odata.include-annotations} it adds
 * {@code @OData.Community.Display.V1.FormattedValue} for choices, booleans and lookups (the target's primary name),
 * and {@code @Microsoft.Dynamics.CRM.lookuplogicalname} / {@code …associatednavigationproperty} for lookups.
 */
final class RowRenderer {

    static final String FORMATTED = "OData.Community.Display.V1.FormattedValue";
    static final String LOGICAL_NAME = "Microsoft.Dynamics.CRM.lookuplogicalname";
    static final String NAVIGATION = "Microsoft.Dynamics.CRM.associatednavigationproperty";

    private final DataverseStore store;

    RowRenderer(DataverseStore store) {
        this.store = store;
    }

    ObjectNode render(EntityDefinition entity, Row row, List<String> select, Preferences preferences) {
        ObjectNode out = Json.object();
        out.put("@odata.etag", row.etag());
        for (ColumnDefinition column : entity.columns().values()) {
            String property = column.propertyName();
            if (!select.isEmpty() && !select.contains(property) && !column.name().equals(entity.primaryKey())) {
                continue;
            }
            JsonNode value = row.value(property);
            out.set(property, value == null ? Json.MAPPER.nullNode() : value);
            if (value != null) {
                annotate(out, column, row, value, preferences);
            }
        }
        return out;
    }

    private void annotate(ObjectNode out, ColumnDefinition column, Row row, JsonNode value, Preferences preferences) {
        String property = column.propertyName();
        switch (column.type()) {
            case CHOICE -> {
                if (preferences.includesAnnotation(FORMATTED)) {
                    column.option(value.asInt()).ifPresent(o -> out.put(property + "@" + FORMATTED, o.label()));
                }
            }
            case BOOLEAN -> {
                if (preferences.includesAnnotation(FORMATTED)) {
                    out.put(property + "@" + FORMATTED, value.asBoolean() ? "Yes" : "No");
                }
            }
            case LOOKUP -> {
                Row.LookupTarget target = row.lookups().get(column.name());
                if (target == null) {
                    return;
                }
                if (preferences.includesAnnotation(FORMATTED)) {
                    EntityDefinition targetEntity = store.schema().require(target.targetSet());
                    store.find(target.targetSet(), UUID.fromString(value.asText()))
                            .map(r -> targetEntity.primaryName() == null ? null : r.value(targetEntity.primaryName()))
                            .ifPresent(name -> out.set(property + "@" + FORMATTED, name));
                }
                if (preferences.includesAnnotation(NAVIGATION)) {
                    out.put(property + "@" + NAVIGATION, target.navigationProperty());
                }
                if (preferences.includesAnnotation(LOGICAL_NAME)) {
                    out.put(property + "@" + LOGICAL_NAME, target.targetLogicalName());
                }
            }
            default -> {
            }
        }
    }
}
