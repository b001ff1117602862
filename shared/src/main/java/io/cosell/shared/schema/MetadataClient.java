package io.cosell.shared.schema;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Dataverse metadata calls the schema commands make ({@code dataverse-metadata-api.md}). Reads return what is
 * there now; creates add one component to the named solution and fail if it exists.
 */
public interface MetadataClient {

    /** A table as the metadata API describes it. */
    record TableState(String logicalName, String entitySet, boolean changeTracking, String displayName) {
    }

    /** A column as the metadata API describes it ({@code AttributeType} such as {@code String}, {@code Picklist}). */
    record AttributeState(String logicalName, String attributeType, Integer maxLength, String displayName,
                          boolean custom) {
    }

    /** An alternate key with its index status ({@code Pending}, {@code InProgress}, {@code Active}, {@code Failed}). */
    record KeyState(String schemaName, List<String> columns, String indexStatus) {

        public boolean active() {
            return "Active".equalsIgnoreCase(indexStatus);
        }
    }

    /** A publisher or solution row. */
    record Row(UUID id, String uniqueName, String prefix) {
    }

    Optional<Row> publisher(String uniqueName);

    UUID createPublisher(String uniqueName, String friendlyName, String prefix, int optionValuePrefix);

    Optional<Row> solution(String uniqueName);

    UUID createSolution(String uniqueName, String friendlyName, UUID publisherId);

    Optional<TableState> table(String logicalName);

    void createTable(String solution, TableSpec table);

    List<AttributeState> attributes(String table);

    void createColumn(String solution, ColumnSpec column);

    /** A lookup column, created as the one-to-many relationship it belongs to. */
    void createLookup(String solution, ColumnSpec lookup);

    List<KeyState> keys(String table);

    void createKey(String solution, KeySpec key);

    /** Turns change tracking on (a full-definition PUT); it cannot be turned off again. */
    void enableChangeTracking(String solution, String table);

    void publish(List<String> tables);
}
