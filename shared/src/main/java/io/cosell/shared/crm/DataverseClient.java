package io.cosell.shared.crm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Dataverse Web API operations the connector needs. Field bodies are Web API JSON: columns by logical name,
 * lookups as {@code "<navigation>@odata.bind": "/<set>(<id>)"}. Failures are {@link io.cosell.shared.http.ApiException}s;
 * a 412 is a {@link RecordConflictException}, an expired delta token a {@link ChangeTrackingExpiredException}.
 */
public interface DataverseClient {

    /** All rows matching the query, following every {@code @odata.nextLink} as given. */
    List<CrmRecord> query(EntitySet set, ODataQuery query);

    /** The record, or empty when it does not exist. An empty {@code select} returns all columns. */
    Optional<CrmRecord> get(EntitySet set, UUID id, List<String> select);

    /** The record whose alternate key column has the value, or empty. */
    Optional<CrmRecord> findByAlternateKey(EntitySet set, String keyColumn, String value, List<String> select);

    /**
     * Creates a record and returns its id. Not repeated when its answer is lost: an
     * {@link io.cosell.shared.http.OutcomeUnknownException} says it may or may not exist.
     */
    UUID create(EntitySet set, ObjectNode fields);

    /**
     * Creates the record with the id the caller chose, at most once ({@code PATCH /set(id)} with
     * {@code If-None-Match: *}): true when this call created it, false when a record with that id already existed (a
     * repeat of a create whose answer was lost, or an earlier sync's). Safe to repeat.
     */
    boolean createWithId(EntitySet set, UUID id, ObjectNode fields);

    /**
     * Creates the records, in order, with the ids the caller chose, in one request and all or nothing: one
     * {@code $batch} change set of {@code PATCH /set(id)} with {@code If-None-Match: *} each. True when this call
     * created them all; false when one of them existed already (the change set rolled back: nothing was written, and
     * the caller goes on with {@link #createWithId} one by one). Safe to repeat, like {@link #createWithId}.
     */
    boolean createAllWithIds(List<NewRecord> records);

    /**
     * Updates an existing record: only if its ETag is still {@code etag} when given (else
     * {@link RecordConflictException}); never creates (a missing record is an ApiException 404).
     */
    void update(EntitySet set, UUID id, ObjectNode fields, Optional<String> etag);

    /** Creates or updates the record with the alternate key value, as the mode allows. */
    UpsertResult upsertByAlternateKey(EntitySet set, String keyColumn, String value, ObjectNode fields, UpsertMode mode);

    /** Deletes the record; false when it did not exist. */
    boolean delete(EntitySet set, UUID id);

    /** Closes an opportunity as won ({@code WinOpportunity}); status e.g. 3 (Won). */
    void winOpportunity(UUID opportunityId, int status, String subject);

    /** Closes an opportunity as lost ({@code LoseOpportunity}); status e.g. 4 (Canceled) or 5 (Out-Sold). */
    void loseOpportunity(UUID opportunityId, int status, String subject);

    /**
     * Change tracking: without a delta link, every row (the initial load); with one, the rows created or changed
     * and the ids deleted since. Reads all pages; the result carries the delta link for next time.
     *
     * @throws ChangeTrackingExpiredException when the delta link is too old: do a full load again
     */
    ChangePage changes(EntitySet set, List<String> select, Optional<String> deltaLink);

    /**
     * One page of change tracking, for callers that must bound their work: without a link the first page of a full
     * load; with one, the page it names (a {@code @odata.nextLink} or {@code @odata.deltaLink} from an earlier page,
     * followed unchanged).
     *
     * @throws ChangeTrackingExpiredException when a delta link is too old: do a full load again
     */
    ChangeTrackingPage changesPage(EntitySet set, List<String> select, Optional<String> link);
}
