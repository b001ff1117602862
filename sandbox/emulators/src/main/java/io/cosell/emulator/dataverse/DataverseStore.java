package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The records of all tables and the write rules: server-maintained columns ({@code createdon}, {@code modifiedon}
 * as UTC seconds, {@code versionnumber} from one increasing counter), column defaults, statecode/statuscode rules
 * (statecode only on update; a status must belong to its state; a state without a status gets its default status),
 * {@code fullname} computed from first and last name, the base currency on new records that bind none, unique alternate keys (null values are not checked), and the
 * opportunity close actions.
 */
final class DataverseStore {

    /** The result of an upsert. */
    record Upserted(Row row, boolean created) {
    }

    private static final String CURRENCY = "transactioncurrencyid";
    private static final String CURRENCIES = "transactioncurrencies";

    private final DataverseSchema schema;
    private final Clock clock;
    private final Map<String, Table> tables = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong(1000);
    /**
     * Handing out a version and making its row (or tombstone) visible happen under this lock, and so does reading
     * {@link #currentVersion()}: a delta link can then never cover a version whose change it did not return.
     */
    private final Object versionLock = new Object();
    private final List<BiConsumer<String, ObjectNode>> creationObservers = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final WritePayload payload;

    DataverseStore(DataverseSchema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
        schema.tables().forEach(entity -> tables.put(entity.entitySet(), new Table(entity)));
        this.payload = new WritePayload(schema, (entity, key) -> table(entity).find(key).map(Row::id));
    }

    DataverseSchema schema() {
        return schema;
    }

    /** Adds a table or replaces its definition (new columns, keys); its rows stay. */
    void define(EntityDefinition entity) {
        synchronized (tables) {
            schema.put(entity);
            tables.computeIfAbsent(entity.entitySet(), set -> new Table(entity)).redefine(entity);
        }
    }

    /** The highest version whose change is visible (committed); every lower version is visible too. */
    long currentVersion() {
        synchronized (versionLock) {
            return versions.get();
        }
    }

    List<Row> rows(EntityDefinition entity) {
        return table(entity).rows();
    }

    Optional<Row> find(EntityDefinition entity, RecordKey key) {
        return table(entity).find(key);
    }

    Optional<Row> find(String entitySet, UUID id) {
        return Optional.ofNullable(tables.get(entitySet)).flatMap(t -> t.get(id));
    }

    /** Rows created or changed after {@code version}, oldest change first. */
    List<Row> changedAfter(EntityDefinition entity, long version) {
        return table(entity).rows().stream()
                .filter(r -> r.version() > version)
                .sorted(Comparator.comparingLong(Row::version))
                .toList();
    }

    List<Table.Tombstone> deletedAfter(EntityDefinition entity, long version) {
        return table(entity).deletedAfter(version);
    }

    Row create(EntityDefinition entity, JsonNode body) {
        Changes changes = payload.read(entity, body, WritePayload.Mode.CREATE);
        Table table = table(entity);
        synchronized (table) {
            return insert(table, changes);
        }
    }

    /**
     * PATCH to a key URL: updates the record when it exists, else creates it with the key's values (unless
     * {@code If-Match} forbids creating). On update the alternate key's columns in the body are ignored, as in
     * Dataverse; on create body values win over the URL's.
     */
    Upserted upsert(EntityDefinition entity, RecordKey key, JsonNode body, Precondition precondition) {
        Table table = table(entity);
        synchronized (table) {
            Optional<Row> existing = table.find(key);
            precondition.check(existing, () -> notFound(entity, key));
            if (existing.isPresent()) {
                Changes changes = payload.read(entity, body, WritePayload.Mode.UPDATE);
                if (key instanceof RecordKey.Alternate alternate) {
                    changes = changes.without(alternate.values().keySet());
                }
                return new Upserted(update(table, existing.get(), changes), false);
            }
            Changes changes = payload.read(entity, body, WritePayload.Mode.CREATE);
            Changes keyed = Changes.empty();
            switch (key) {
                case RecordKey.Primary primary -> keyed.set(entity.primaryKey(), TextNode.valueOf(primary.id().toString()));
                case RecordKey.Alternate alternate -> alternate.values().forEach(keyed::set);
            }
            keyed.values().putAll(changes.values());
            keyed.lookups().putAll(changes.lookups());
            return new Upserted(insert(table, keyed), true);
        }
    }

    void delete(EntityDefinition entity, RecordKey key, Precondition precondition) {
        Table table = table(entity);
        synchronized (table) {
            Optional<Row> existing = table.find(key);
            if (existing.isEmpty()) {
                throw notFound(entity, key);
            }
            precondition.check(existing, () -> notFound(entity, key));
            synchronized (versionLock) {
                table.remove(existing.get().id(), versions.incrementAndGet());
            }
        }
    }

    /**
     * WinOpportunity / LoseOpportunity: creates the opportunityclose activity and closes the opportunity with the
     * given status (which must belong to the Won or Lost state); the opportunity must be open.
     */
    void closeOpportunity(JsonNode body, boolean won) {
        JsonNode close = body.path("OpportunityClose");
        if (!body.path("Status").isIntegralNumber() || !close.isObject()) {
            throw DataverseErrors.validation("The parameters 'Status' (integer) and 'OpportunityClose' (object) are required.");
        }
        EntityDefinition closes = schema.require("opportunitycloses");
        Changes closeChanges = payload.read(closes, close, WritePayload.Mode.CREATE);
        Changes.Reference opportunityRef = closeChanges.lookups().get("opportunityid");
        if (opportunityRef == null) {
            throw DataverseErrors.validation("OpportunityClose must reference the opportunity with "
                    + "'opportunityid@odata.bind'.");
        }
        EntityDefinition opportunities = schema.require("opportunities");
        Table opportunityTable = table(opportunities);
        synchronized (opportunityTable) {
            Row opportunity = opportunityTable.get(opportunityRef.id())
                    .orElseThrow(() -> DataverseErrors.recordNotFound(opportunities, opportunityRef.id()));
            if (opportunity.value("statecode").asInt() != 0) {
                throw DataverseErrors.validation("The opportunity is already closed; reopen it before closing it again.");
            }
            int state = won ? 1 : 2;
            int status = body.path("Status").asInt();
            if (stateOfStatus(opportunities, status).filter(s -> s == state).isEmpty()) {
                throw DataverseErrors.validation("Status " + status + " is not a valid status for a "
                        + (won ? "won" : "lost") + " opportunity.");
            }
            Table closeTable = table(closes);
            synchronized (closeTable) {
                insert(closeTable, closeChanges);
            }
            Changes closing = Changes.empty();
            closing.set("statecode", LongNode.valueOf(state));
            closing.set("statuscode", LongNode.valueOf(status));
            JsonNode end = closeChanges.get("actualend");
            closing.set("actualclosedate", end != null ? end : TextNode.valueOf(today().toString()));
            if (won && closeChanges.get("actualrevenue") != null) {
                closing.set("actualvalue", closeChanges.get("actualrevenue"));
            }
            update(opportunityTable, opportunity, closing);
        }
    }

    /** Empties every table. */
    void clear() {
        tables.values().forEach(Table::clear);
    }

    private Row insert(Table table, Changes changes) {
        EntityDefinition entity = table.entity();
        UUID id = Optional.ofNullable(changes.get(entity.primaryKey()))
                .map(v -> UUID.fromString(v.asText()))
                .orElseGet(UUID::randomUUID);
        if (table.get(id).isPresent()) {
            throw DataverseErrors.duplicateKey();
        }
        ObjectNode values = Json.object();
        entity.columns().values().stream()
                .filter(c -> c.defaultValue() != null)
                .forEach(c -> values.set(c.propertyName(), c.defaultValue()));
        if (entity.column("statecode").isPresent()) {
            values.put("statecode", 0);
        }
        Map<String, Row.LookupTarget> lookups = new HashMap<>();
        baseCurrency(entity, values, lookups);
        apply(values, lookups, changes);
        checkStatus(entity, values, changes, null);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        values.put(entity.primaryKey(), id.toString());
        values.put("createdon", now.toString());
        Row created = store(table, new Row(id, sequence.incrementAndGet(), 0, values, lookups), now);
        creationObservers.forEach(observer -> observer.accept(entity.logicalName(), created.values().deepCopy()));
        return created;
    }

    /** Tells {@code observer} of every record created from now on (its table's logical name, its columns). */
    void observeCreations(BiConsumer<String, ObjectNode> observer) {
        creationObservers.add(observer);
    }

    private Row update(Table table, Row existing, Changes changes) {
        ObjectNode values = existing.values().deepCopy();
        Map<String, Row.LookupTarget> lookups = new HashMap<>(existing.lookups());
        apply(values, lookups, changes);
        checkStatus(table.entity(), values, changes, existing);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return store(table, new Row(existing.id(), existing.sequence(), 0, values, lookups), now);
    }

    private Row store(Table table, Row draft, Instant now) {
        ObjectNode values = draft.values().deepCopy();
        if (table.entity().column("fullname").isPresent()) {
            String full = (values.path("firstname").asText("") + " " + values.path("lastname").asText("")).trim();
            values.put("fullname", full.isEmpty() ? null : full);
        }
        values.put("modifiedon", now.toString());
        synchronized (versionLock) {
            long version = versions.incrementAndGet();
            values.put("versionnumber", version);
            Row row = new Row(draft.id(), draft.sequence(), version, values, draft.lookups());
            if (table.duplicateOf(row).isPresent()) {
                throw DataverseErrors.duplicateKey();
            }
            table.put(row);
            return row;
        }
    }

    /**
     * Dataverse gives a new record of a table with a currency the organization's base currency when the write binds
     * none; a bound currency (or an explicit null) replaces it.
     */
    private void baseCurrency(EntityDefinition entity, ObjectNode values, Map<String, Row.LookupTarget> lookups) {
        if (entity.navigation(CURRENCY).isEmpty()) {
            return;
        }
        UUID base = SampleData.baseCurrency();
        Table currencies = tables.get(CURRENCIES);
        if (currencies == null || currencies.get(base).isEmpty()) {
            return;
        }
        values.put("_" + CURRENCY + "_value", base.toString());
        lookups.put(CURRENCY, new Row.LookupTarget(CURRENCY, CURRENCIES, currencies.entity().logicalName()));
    }

    private static void apply(ObjectNode values, Map<String, Row.LookupTarget> lookups, Changes changes) {
        changes.values().forEach(values::set);
        changes.lookups().forEach((column, reference) -> {
            String property = "_" + column + "_value";
            if (reference == null) {
                values.putNull(property);
                lookups.remove(column);
            } else {
                values.put(property, reference.id().toString());
                lookups.put(column, reference.target());
            }
        });
    }

    /** Sets or checks statuscode against statecode after a write changed either. */
    private static void checkStatus(EntityDefinition entity, ObjectNode values, Changes changes, Row before) {
        if (entity.column("statuscode").isEmpty()) {
            return;
        }
        int state = values.path("statecode").asInt();
        boolean stateChanged = before == null || before.value("statecode").asInt() != state;
        if (!changes.has("statuscode") || changes.get("statuscode") == null) {
            if (stateChanged || changes.has("statuscode")) {
                values.put("statuscode", defaultStatus(entity, state));
            }
            return;
        }
        int status = changes.get("statuscode").asInt();
        if (stateOfStatus(entity, status).filter(s -> s == state).isEmpty()) {
            throw DataverseErrors.validation(status + " is not a valid status code for state code "
                    + entity.logicalName() + "State." + state + ".");
        }
    }

    private static Optional<Integer> stateOfStatus(EntityDefinition entity, int status) {
        return entity.column("statuscode").flatMap(c -> c.option(status)).map(ChoiceOption::state);
    }

    private static int defaultStatus(EntityDefinition entity, int state) {
        return entity.column("statuscode").orElseThrow().options().stream()
                .filter(o -> o.state() != null && o.state() == state)
                .findFirst().orElseThrow().value();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static HttpError notFound(EntityDefinition entity, RecordKey key) {
        return key instanceof RecordKey.Primary primary ? DataverseErrors.recordNotFound(entity, primary.id())
                : DataverseErrors.recordNotFoundByKey(entity);
    }

    /** Puts a row back as it was before a rolled-back change set wrote it; no row: removes it without a trace. */
    void restore(String entitySet, UUID id, Optional<Row> before) {
        Table table = tables.get(entitySet);
        synchronized (table) {
            before.ifPresentOrElse(table::put, () -> table.discard(id));
        }
    }

    private Table table(EntityDefinition entity) {
        return tables.get(entity.entitySet());
    }
}
