package io.cosell.shared.crm;

import io.cosell.shared.http.ApiException;

/**
 * Dataverse answered 412 Precondition Failed: the record changed since its ETag was read, or (create-only upsert)
 * a record with the key already exists. Re-read and decide again.
 */
public class RecordConflictException extends ApiException {

    public RecordConflictException(ApiException cause) {
        super(cause);
    }
}
