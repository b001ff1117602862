package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.http.HttpError;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a create or update body into {@link Changes}: declared columns only (Dataverse rejects undeclared
 * properties), values converted to the column types, and {@code <nav>@odata.bind} references resolved to existing
 * records ({@code "/accounts(<guid>)"}, without the leading slash, as a full URL, or by alternate key).
 * Instance annotations ({@code @odata.type}, ...) are ignored; deep insert is not emulated (400).
 */
final class WritePayload {

    enum Mode { CREATE, UPDATE }

    /** Finds the record a reference names, or returns empty when it does not exist. */
    @FunctionalInterface
    interface RecordResolver {
        Optional<UUID> resolve(EntityDefinition entity, RecordKey key);
    }

    private static final Pattern REFERENCE = Pattern.compile("^(?:.*/)?([A-Za-z_][A-Za-z0-9_]*)\\((.+)\\)$");
    private static final String BIND = "@odata.bind";

    private final DataverseSchema schema;
    private final RecordResolver resolver;

    WritePayload(DataverseSchema schema, RecordResolver resolver) {
        this.schema = schema;
        this.resolver = resolver;
    }

    Changes read(EntityDefinition entity, JsonNode body, Mode mode) {
        if (body == null || !body.isObject()) {
            throw DataverseErrors.validation("The request body must be a JSON object.");
        }
        Changes changes = Changes.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.endsWith(BIND)) {
                bind(entity, name.substring(0, name.length() - BIND.length()), value, changes);
            } else if (name.startsWith("@")) {
                continue;
            } else if (entity.navigation(name).isPresent()) {
                if (!value.isNull()) {
                    throw DataverseErrors.validation("Deep insert through '" + name
                            + "' is not supported by the emulator; bind an existing record with '" + name + BIND + "'.");
                }
                ColumnDefinition lookup = entity.navigation(name).get();
                changes.lookups().put(lookup.name(), null);
            } else {
                column(entity, name, value, mode, changes);
            }
        }
        return changes;
    }

    private void column(EntityDefinition entity, String name, JsonNode value, Mode mode, Changes changes) {
        ColumnDefinition column = entity.property(name)
                .filter(c -> c.type() != ColumnType.LOOKUP)
                .orElseThrow(() -> DataverseErrors.undeclaredProperty(entity, name));
        boolean writable = mode == Mode.CREATE ? column.writableOnCreate() : column.writableOnUpdate();
        if (!writable) {
            throw DataverseErrors.validation("The '" + name + "' attribute of entity '" + entity.logicalName()
                    + "' cannot be set on " + (mode == Mode.CREATE ? "create" : "update") + ".");
        }
        try {
            changes.set(name, column.normalize(value));
        } catch (IllegalArgumentException e) {
            throw DataverseErrors.validation(e.getMessage());
        }
    }

    private void bind(EntityDefinition entity, String navigation, JsonNode value, Changes changes) {
        ColumnDefinition lookup = entity.navigation(navigation)
                .orElseThrow(() -> DataverseErrors.undeclaredProperty(entity, navigation));
        if (value.isNull()) {
            changes.lookups().put(lookup.name(), null);
            return;
        }
        Matcher reference = REFERENCE.matcher(value.asText());
        if (!value.isTextual() || !reference.matches()) {
            throw DataverseErrors.validation("The value '" + value.asText() + "' of '" + navigation + BIND
                    + "' is not an entity reference such as /accounts(<id>).");
        }
        String targetSet = lookup.navigations().get(navigation);
        if (!reference.group(1).equals(targetSet)) {
            throw DataverseErrors.validation("The navigation property '" + navigation + "' must reference the entity set '"
                    + targetSet + "', not '" + reference.group(1) + "'.");
        }
        EntityDefinition target = schema.require(targetSet);
        UUID id = resolver.resolve(target, RecordKey.parse(target, reference.group(2)))
                .orElseThrow(() -> missingTarget(target, reference.group(2)));
        changes.lookups().put(lookup.name(), new Changes.Reference(id,
                new Row.LookupTarget(navigation, targetSet, target.logicalName())));
    }

    private static HttpError missingTarget(EntityDefinition target, String key) {
        return DataverseErrors.validation(target.logicalName() + " With Id = " + key + " Does Not Exist");
    }
}
