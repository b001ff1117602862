package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.cosell.emulator.dataverse.ColumnDefinition.Access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table: its logical name, entity set, primary key, columns (in the order rows are rendered) and alternate keys.
 * Every table gets the server-maintained columns {@code createdon}, {@code modifiedon} and {@code versionnumber}.
 *
 * @param primaryName   the primary name column (used for lookup FormattedValue annotations), or null
 * @param alternateKeys key name → its columns
 */
public record EntityDefinition(String logicalName, String entitySet, String primaryKey, String primaryName,
                               Map<String, ColumnDefinition> columns, Map<String, List<String>> alternateKeys) {

    public EntityDefinition {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        alternateKeys = Map.copyOf(alternateKeys);
    }

    public Optional<ColumnDefinition> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** A column by the name it has in payloads and queries ({@code _x_value} for lookups). */
    public Optional<ColumnDefinition> property(String propertyName) {
        if (propertyName.startsWith("_") && propertyName.endsWith("_value")) {
            return column(propertyName.substring(1, propertyName.length() - "_value".length()))
                    .filter(c -> c.type() == ColumnType.LOOKUP);
        }
        return column(propertyName).filter(c -> c.type() != ColumnType.LOOKUP);
    }

    /** The lookup column behind a single-valued navigation property such as {@code customerid_account}. */
    public Optional<ColumnDefinition> navigation(String navigationProperty) {
        return columns.values().stream().filter(c -> c.navigations().containsKey(navigationProperty)).findFirst();
    }

    /** True when the given columns are exactly the columns of one alternate key. */
    public boolean isAlternateKey(List<String> keyColumns) {
        return alternateKeys.values().stream()
                .anyMatch(k -> k.size() == keyColumns.size() && k.containsAll(keyColumns));
    }

    public String edmTypeName() {
        return "Microsoft.Dynamics.CRM." + logicalName;
    }

    public EntityDefinition withColumns(List<ColumnDefinition> extra) {
        Map<String, ColumnDefinition> all = new LinkedHashMap<>(columns);
        extra.forEach(c -> all.put(c.name(), c));
        return new EntityDefinition(logicalName, entitySet, primaryKey, primaryName, all, alternateKeys);
    }

    public EntityDefinition withAlternateKey(String name, List<String> keyColumns) {
        Map<String, List<String>> keys = new LinkedHashMap<>(alternateKeys);
        keys.put(name, List.copyOf(keyColumns));
        return new EntityDefinition(logicalName, entitySet, primaryKey, primaryName, columns, keys);
    }

    /** Without the columns (and the keys over them) whose names start with {@code prefix}. */
    public EntityDefinition withoutPrefix(String prefix) {
        Map<String, ColumnDefinition> kept = new LinkedHashMap<>(columns);
        kept.keySet().removeIf(name -> name.startsWith(prefix));
        Map<String, List<String>> keys = new LinkedHashMap<>(alternateKeys);
        keys.values().removeIf(keyColumns -> keyColumns.stream().anyMatch(c -> c.startsWith(prefix)));
        return new EntityDefinition(logicalName, entitySet, primaryKey, primaryName, kept, keys);
    }

    static Builder builder(String logicalName, String entitySet, String primaryKey) {
        return new Builder(logicalName, entitySet, primaryKey);
    }

    /** Declares a table in {@link DataverseSchema}. */
    static final class Builder {
        private final String logicalName;
        private final String entitySet;
        private final String primaryKey;
        private String primaryName;
        private final Map<String, ColumnDefinition> columns = new LinkedHashMap<>();
        private final Map<String, List<String>> alternateKeys = new LinkedHashMap<>();

        private Builder(String logicalName, String entitySet, String primaryKey) {
            this.logicalName = logicalName;
            this.entitySet = entitySet;
            this.primaryKey = primaryKey;
            add(ColumnDefinition.of(primaryKey, ColumnType.UNIQUEIDENTIFIER).withAccess(Access.CREATE_ONLY));
        }

        Builder add(ColumnDefinition column) {
            columns.put(column.name(), column);
            return this;
        }

        Builder primaryName(String name, int maxLength) {
            primaryName = name;
            return string(name, maxLength);
        }

        /** Names an existing column (such as a computed fullname) as the primary name. */
        Builder namedBy(String name) {
            primaryName = name;
            return this;
        }

        Builder string(String name, int maxLength) {
            return add(ColumnDefinition.string(name, maxLength));
        }

        Builder memo(String name, int maxLength) {
            return add(new ColumnDefinition(name, ColumnType.MEMO, maxLength, List.of(), Map.of(), Access.READ_WRITE,
                    null));
        }

        Builder of(String name, ColumnType type) {
            return add(ColumnDefinition.of(name, type));
        }

        Builder bool(String name, boolean defaultValue) {
            return add(ColumnDefinition.of(name, ColumnType.BOOLEAN).withDefault(BooleanNode.valueOf(defaultValue)));
        }

        Builder choice(String name, ChoiceOption... options) {
            return add(ColumnDefinition.choice(name, List.of(options)));
        }

        Builder lookup(String name, String targetSet) {
            return add(ColumnDefinition.lookup(name, Map.of(name, targetSet)));
        }

        /** A Customer lookup: navigation properties {@code <name>_account} and {@code <name>_contact}. */
        Builder customer(String name) {
            Map<String, String> navigations = new LinkedHashMap<>();
            navigations.put(name + "_account", "accounts");
            navigations.put(name + "_contact", "contacts");
            return add(ColumnDefinition.lookup(name, navigations));
        }

        /** statecode (settable only on update) and statuscode; each status names the state it belongs to. */
        Builder states(List<ChoiceOption> states, List<ChoiceOption> statuses) {
            add(ColumnDefinition.choice("statecode", states).withAccess(Access.UPDATE_ONLY));
            return add(ColumnDefinition.choice("statuscode", statuses));
        }

        Builder readOnly(String name, ColumnType type) {
            return add(ColumnDefinition.of(name, type).withAccess(Access.READ_ONLY));
        }

        Builder alternateKey(String keyName, String... keyColumns) {
            alternateKeys.put(keyName, List.of(keyColumns));
            return this;
        }

        EntityDefinition build() {
            List<ColumnDefinition> system = new ArrayList<>();
            system.add(ColumnDefinition.of("createdon", ColumnType.DATETIME).withAccess(Access.READ_ONLY));
            system.add(ColumnDefinition.of("modifiedon", ColumnType.DATETIME).withAccess(Access.READ_ONLY));
            system.add(ColumnDefinition.of("versionnumber", ColumnType.BIGINT).withAccess(Access.READ_ONLY));
            system.forEach(this::add);
            return new EntityDefinition(logicalName, entitySet, primaryKey, primaryName, columns, alternateKeys);
        }
    }
}
