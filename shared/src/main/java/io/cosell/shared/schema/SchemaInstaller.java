package io.cosell.shared.schema;

import io.cosell.shared.schema.MetadataClient.AttributeState;
import io.cosell.shared.schema.MetadataClient.KeyState;
import io.cosell.shared.schema.SchemaStep.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Installs the {@link ConnectorSchema} in that order: publisher → solution → tables → columns (lookups as their
 * relationship) → alternate keys (waiting until each index is {@code Active}) → change tracking → publish. Every step
 * is create-if-absent: an existing component is reported and left alone, one of the wrong type is reported
 * incompatible and left alone, so a second run changes nothing (and publishes nothing). Before the first write it
 * refuses names that lack the publisher's prefix, so a bad mapping changes nothing at all.
 */
public final class SchemaInstaller {

    private final MetadataClient client;
    private final MetadataRetry retry;
    private final Duration keyTimeout;
    private final Duration keyPollInterval;
    private final MetadataRetry.Sleeper sleeper;
    private final Clock clock;

    public SchemaInstaller(MetadataClient client, MetadataRetry retry, Duration keyTimeout, Duration keyPollInterval,
                           MetadataRetry.Sleeper sleeper, Clock clock) {
        this.client = client;
        this.retry = retry;
        this.keyTimeout = keyTimeout;
        this.keyPollInterval = keyPollInterval;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public static SchemaInstaller of(MetadataClient client) {
        return new SchemaInstaller(client, MetadataRetry.defaults(), Duration.ofMinutes(10), Duration.ofSeconds(1),
                d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    /** What is missing or incompatible; changes nothing. */
    public SchemaReport check(ConnectorSchema schema) {
        List<SchemaStep> steps = new ArrayList<>();
        for (TableSpec table : schema.tables()) {
            steps.add(client.table(table.logicalName()).isPresent() ? exists("table " + table.logicalName())
                    : new SchemaStep("table " + table.logicalName(), Outcome.MISSING, "the table does not exist"));
        }
        for (ColumnSpec column : schema.columns()) {
            steps.add(inspect(column).orElseGet(() -> new SchemaStep(columnName(column), Outcome.MISSING,
                    "the column does not exist")));
        }
        for (KeySpec key : schema.keys()) {
            Optional<KeyState> found = findKey(key);
            steps.add(found.isEmpty() ? new SchemaStep(keyName(key), Outcome.MISSING, "the alternate key does not exist")
                    : found.get().active() ? exists(keyName(key))
                    : new SchemaStep(keyName(key), Outcome.INCOMPATIBLE, "its index is " + found.get().indexStatus()
                    + ", not Active: upserts by it fail until it is"));
        }
        for (String table : schema.changeTracked()) {
            Optional<MetadataClient.TableState> state = client.table(table);
            steps.add(state.isPresent() && state.get().changeTracking() ? exists(trackingName(table))
                    : new SchemaStep(trackingName(table), Outcome.MISSING, "change tracking is off"));
        }
        return new SchemaReport(steps);
    }

    /** Installs what is missing; each step is passed to {@code progress} as it completes. */
    public SchemaReport install(ConnectorSchema schema, SchemaTarget target, Consumer<SchemaStep> progress) {
        requirePrefix(schema, target);
        List<SchemaStep> steps = new ArrayList<>();
        Consumer<SchemaStep> record = step -> {
            steps.add(step);
            progress.accept(step);
        };
        Set<String> changed = new LinkedHashSet<>();
        MetadataClient.Row publisher = publisher(target, record);
        solution(target, publisher, record);
        String solution = target.solution();
        Set<String> created = new LinkedHashSet<>();
        for (TableSpec table : schema.tables()) {
            if (client.table(table.logicalName()).isPresent()) {
                record.accept(exists("table " + table.logicalName()));
            } else {
                retry.run(() -> client.createTable(solution, table), false);
                created.add(table.logicalName());
                changed.add(table.logicalName());
                record.accept(new SchemaStep("table " + table.logicalName(), Outcome.CREATED, table.displayName()));
            }
        }
        for (ColumnSpec column : schema.columns()) {
            boolean lag = created.contains(column.table()) || column.kind() == ColumnKind.LOOKUP;
            Optional<SchemaStep> found = retry.call(() -> inspect(column), created.contains(column.table()));
            if (found.isPresent()) {
                record.accept(found.get());
                continue;
            }
            if (column.kind() == ColumnKind.LOOKUP) {
                retry.run(() -> client.createLookup(solution, column), lag);
            } else {
                retry.run(() -> client.createColumn(solution, column), lag);
            }
            changed.add(column.table());
            record.accept(new SchemaStep(columnName(column), Outcome.CREATED, column.displayName()));
        }
        for (KeySpec key : schema.keys()) {
            if (findKey(key).isEmpty()) {
                KeySpec named = prefixed(key, target);
                retry.run(() -> client.createKey(solution, named), true);
                changed.add(key.table());
                record.accept(new SchemaStep(keyName(key), Outcome.CREATED, "index building"));
            }
            record.accept(awaitActive(key));
        }
        for (String table : schema.changeTracked()) {
            if (retry.call(() -> client.table(table), true).map(MetadataClient.TableState::changeTracking).orElse(false)) {
                record.accept(exists(trackingName(table)));
            } else {
                retry.run(() -> client.enableChangeTracking(solution, table), true);
                changed.add(table);
                record.accept(new SchemaStep(trackingName(table), Outcome.CREATED, "change tracking on"));
            }
        }
        if (!changed.isEmpty()) {
            retry.run(() -> client.publish(List.copyOf(changed)), false);
            record.accept(new SchemaStep("publish " + String.join(", ", changed), Outcome.CREATED, "published"));
        }
        return new SchemaReport(steps);
    }

    private MetadataClient.Row publisher(SchemaTarget target, Consumer<SchemaStep> record) {
        Optional<MetadataClient.Row> found = client.publisher(target.publisher());
        if (found.isPresent()) {
            if (!target.prefix().equalsIgnoreCase(found.get().prefix())) {
                throw new IllegalStateException("publisher " + target.publisher() + " exists with prefix '"
                        + found.get().prefix() + "', not '" + target.prefix() + "': choose another publisher or prefix");
            }
            record.accept(exists("publisher " + target.publisher()));
            return found.get();
        }
        var id = retry.call(() -> client.createPublisher(target.publisher(), target.publisherName(), target.prefix(),
                target.optionValuePrefix()), false);
        record.accept(new SchemaStep("publisher " + target.publisher(), Outcome.CREATED, "prefix " + target.prefix()));
        return new MetadataClient.Row(id, target.publisher(), target.prefix());
    }

    private void solution(SchemaTarget target, MetadataClient.Row publisher, Consumer<SchemaStep> record) {
        if (client.solution(target.solution()).isPresent()) {
            record.accept(exists("solution " + target.solution()));
            return;
        }
        retry.call(() -> client.createSolution(target.solution(), target.solutionName(), publisher.id()), false);
        record.accept(new SchemaStep("solution " + target.solution(), Outcome.CREATED, target.solutionName()));
    }

    /**
     * A key on a column adopted from Microsoft's solution is named after that column ({@code mspc_…_key}); it is
     * created under the installing publisher's prefix, which Dataverse requires of every new component's schema name.
     */
    private static KeySpec prefixed(KeySpec key, SchemaTarget target) {
        String prefix = target.prefix() + "_";
        return key.name().startsWith(prefix) ? key : new KeySpec(key.table(), prefix + key.name(), key.columns());
    }

    /**
     * Refuses, before any write, a table or column the install would create whose name lacks the publisher's prefix
     * (keys are found by their columns and created under the prefix).
     */
    private void requirePrefix(ConnectorSchema schema, SchemaTarget target) {
        SchemaReport now = check(schema);
        List<String> wrong = now.steps().stream()
                .filter(s -> s.outcome() == Outcome.MISSING && !s.component().startsWith("change tracking")
                        && !s.component().startsWith("key "))
                .map(s -> s.component().substring(s.component().indexOf(' ') + 1))
                .map(name -> name.substring(name.indexOf('.') + 1))
                .filter(name -> !name.startsWith(target.prefix() + "_"))
                .distinct()
                .toList();
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("these names do not start with the publisher prefix '" + target.prefix()
                    + "_', so Dataverse would refuse them: " + String.join(", ", wrong)
                    + " (change --prefix or the mapping's connectorColumns)");
        }
    }

    private Optional<SchemaStep> inspect(ColumnSpec column) {
        if (client.table(column.table()).isEmpty()) {
            return Optional.empty();
        }
        return client.attributes(column.table()).stream()
                .filter(a -> a.logicalName().equals(column.name()))
                .findFirst()
                .map(found -> compatibility(column, found));
    }

    static SchemaStep compatibility(ColumnSpec column, AttributeState found) {
        if (!column.kind().accepts(found.attributeType())) {
            return new SchemaStep(columnName(column), Outcome.INCOMPATIBLE, "it is " + found.attributeType()
                    + ", the connector needs " + column.kind().attributeType());
        }
        if (column.maxLength() > 0 && found.maxLength() != null && found.maxLength() < column.maxLength()
                && column.kind() == ColumnKind.TEXT) {
            return new SchemaStep(columnName(column), Outcome.INCOMPATIBLE, "it holds " + found.maxLength()
                    + " characters, the connector needs " + column.maxLength());
        }
        return exists(columnName(column));
    }

    private Optional<KeyState> findKey(KeySpec key) {
        if (client.table(key.table()).isEmpty()) {
            return Optional.empty();
        }
        return client.keys(key.table()).stream()
                .filter(k -> k.schemaName().equalsIgnoreCase(key.name()) || k.columns().equals(key.columns()))
                .findFirst();
    }

    private SchemaStep awaitActive(KeySpec key) {
        Instant giveUp = clock.instant().plus(keyTimeout);
        while (true) {
            Optional<KeyState> state = retry.call(() -> findKey(key), true);
            if (state.isPresent() && state.get().active()) {
                return new SchemaStep(keyName(key), Outcome.EXISTS, "index Active");
            }
            String status = state.map(KeyState::indexStatus).orElse("not visible yet");
            if ("Failed".equalsIgnoreCase(status)) {
                return new SchemaStep(keyName(key), Outcome.INCOMPATIBLE, "its index build failed: reactivate the key "
                        + "(ReactivateEntityKey) after removing duplicate values of " + key.columns());
            }
            if (clock.instant().isAfter(giveUp)) {
                return new SchemaStep(keyName(key), Outcome.INCOMPATIBLE, "its index is still " + status + " after "
                        + keyTimeout.toMinutes() + " min: run the install again later");
            }
            try {
                sleeper.sleep(keyPollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for key " + key.name(), e);
            }
        }
    }

    private static SchemaStep exists(String component) {
        return new SchemaStep(component, Outcome.EXISTS, "");
    }

    static String columnName(ColumnSpec column) {
        return "column " + column.qualifiedName();
    }

    private static String keyName(KeySpec key) {
        return "key " + key.qualifiedName();
    }

    private static String trackingName(String table) {
        return "change tracking " + table;
    }
}
