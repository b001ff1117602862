package io.cosell.shared.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.MetadataClient.AttributeState;
import io.cosell.shared.schema.SchemaStep.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * For a CRM where Microsoft's connector solution is installed: finds the opportunity and lead columns it created by
 * their labels (Microsoft does not publish their logical names or publisher prefix, so they are discovered, as
 * {@code dataverse-web-api.md} §8.4 suggests), checks each can hold what the connector writes, and yields the
 * mapping's {@code connectorColumns} naming them. A column not found under Microsoft's label is looked up under the
 * connector's own name; one found nowhere keeps the connector's name and is reported missing ({@code schema install}
 * then creates it).
 */
public final class SchemaAdoption {

    /** What adopt found, and the mapping's {@code connectorColumns} (role → column) for what it can use. */
    public record Result(SchemaReport report, Map<String, String> connectorColumns) {

        public Result {
            connectorColumns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(connectorColumns));
        }
    }

    private final MetadataClient client;

    public SchemaAdoption(MetadataClient client) {
        this.client = client;
    }

    public Result adopt(ConnectorSchema wanted) {
        Map<String, List<AttributeState>> byTable = new LinkedHashMap<>();
        List<SchemaStep> steps = new ArrayList<>();
        Map<String, String> columns = new LinkedHashMap<>();
        for (ColumnSpec spec : wanted.adoptable()) {
            List<AttributeState> attributes = byTable.computeIfAbsent(spec.table(), t ->
                    client.table(t).isPresent() ? client.attributes(t) : List.of());
            Optional<AttributeState> found = byLabel(attributes, spec.displayName())
                    .or(() -> attributes.stream().filter(a -> a.logicalName().equals(spec.name())).findFirst());
            if (found.isEmpty()) {
                steps.add(new SchemaStep(SchemaInstaller.columnName(spec), Outcome.MISSING,
                        "no column labelled '" + spec.displayName() + "': schema install creates " + spec.name()));
                continue;
            }
            ColumnSpec adopted = new ColumnSpec(spec.table(), found.get().logicalName(), spec.displayName(),
                    spec.kind(), spec.maxLength(), spec.options(), spec.target(), spec.role());
            SchemaStep checked = SchemaInstaller.compatibility(adopted, found.get());
            String earlier = columns.get(spec.role());
            if (earlier != null && !earlier.equals(adopted.name())) {
                checked = new SchemaStep(SchemaInstaller.columnName(adopted), Outcome.INCOMPATIBLE,
                        "the opportunity names it " + earlier + ": the connector uses one name on both tables");
            }
            steps.add(new SchemaStep(checked.component(), checked.outcome(), checked.outcome() == Outcome.EXISTS
                    ? "'" + spec.displayName() + "' → " + spec.role() : checked.detail()));
            if (checked.outcome() == Outcome.EXISTS) {
                columns.putIfAbsent(spec.role(), adopted.name());
            }
        }
        return new Result(new SchemaReport(steps), columns);
    }

    /**
     * The mapping file's JSON with {@code connectorColumns} set to what was adopted (other settings kept),
     * validated as the functions will read it.
     */
    public static String mappingJson(ObjectMapper mapper, Optional<String> existing, Map<String, String> connectorColumns) {
        try {
            ObjectNode root = existing.isPresent() && !existing.get().isBlank()
                    ? (ObjectNode) mapper.readTree(existing.get()) : mapper.createObjectNode();
            ObjectNode columns = root.has("connectorColumns") ? (ObjectNode) root.get("connectorColumns")
                    : root.putObject("connectorColumns");
            connectorColumns.forEach(columns::put);
            String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            MappingConfig.fromJson(mapper, json);
            return json + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("the existing mapping is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static Optional<AttributeState> byLabel(List<AttributeState> attributes, String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        return attributes.stream()
                .filter(AttributeState::custom)
                .filter(a -> a.displayName() != null && a.displayName().trim().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }
}
