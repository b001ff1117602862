package io.cosell.shared.crm;

import io.cosell.shared.http.ApiException;

/**
 * The delta token is too old ("Version stamp associated with the client has expired. Please perform a full
 * sync."): start again with a full load ({@code changes(set, select, Optional.empty())}).
 */
public class ChangeTrackingExpiredException extends ApiException {

    public ChangeTrackingExpiredException(ApiException cause) {
        super(cause);
    }
}
