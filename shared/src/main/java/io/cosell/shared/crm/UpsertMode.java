package io.cosell.shared.crm;

/** How an upsert by key treats an existing or missing record. */
public enum UpsertMode {
    /** {@code If-None-Match: *}: create; an existing record is a {@link RecordConflictException}. */
    CREATE_ONLY,
    /** {@code If-Match: *}: update; a missing record is an {@link io.cosell.shared.http.ApiException} 404. */
    UPDATE_ONLY,
    /** No condition: create when missing, update when present. */
    CREATE_OR_UPDATE
}
