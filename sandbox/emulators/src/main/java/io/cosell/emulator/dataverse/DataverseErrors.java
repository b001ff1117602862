package io.cosell.emulator.dataverse;

import io.cosell.emulator.http.HttpError;

import java.util.UUID;

/**
 * The error answers of the Dataverse emulator ({@code {"error":{"code","message"}}}). Messages are Dataverse's where
 * the docs give them. Codes where the docs are silent were chosen here:
 * <ul>
 *   <li>{@code 0x80060882} (412): the RowVersion (ETag) of {@code If-Match} does not match.</li>
 *   <li>{@code 0x80040237} (412): a record with the same key (primary or alternate) already exists.</li>
 *   <li>{@code 0x80044352} (400): an expired change-tracking delta token ("Version stamp … has expired").</li>
 *   <li>{@code 0x80040217} (404): no such record; {@code 0x80060888} (404/400): unknown resource or bad query.</li>
 *   <li>{@code 0x80048d19} (400): a payload property the table does not declare; {@code 0x80044331} (400): a
 *       validation error.</li>
 *   <li>{@code 0x80072322} / {@code 0x80072326} (429): the request and concurrency service protection limits
 *       (hex forms of the documented {@code -2147015902} / {@code -2147015898}).</li>
 * </ul>
 */
final class DataverseErrors {

    static final String VERSION_MISMATCH = "0x80060882";
    static final String DUPLICATE_RECORD = "0x80040237";
    static final String VERSION_STAMP_EXPIRED = "0x80044352";
    static final String NOT_FOUND = "0x80040217";
    static final String BAD_QUERY = "0x80060888";
    static final String UNDECLARED_PROPERTY = "0x80048d19";
    static final String VALIDATION = "0x80044331";
    static final String REQUEST_LIMIT = "0x80072322";
    static final String CONCURRENCY_LIMIT = "0x80072326";
    static final String UNAUTHORIZED = "0x80072560";

    private DataverseErrors() {
    }

    static HttpError badQuery(String message) {
        return new HttpError(400, BAD_QUERY, message);
    }

    static HttpError validation(String message) {
        return new HttpError(400, VALIDATION, message);
    }

    static HttpError undeclaredProperty(EntityDefinition entity, String property) {
        return new HttpError(400, UNDECLARED_PROPERTY, "The property '" + property + "' does not exist on type '"
                + entity.edmTypeName() + "'. Make sure to only use property names that are defined by the type.");
    }

    static HttpError unknownProperty(EntityDefinition entity, String property) {
        return badQuery("Could not find a property named '" + property + "' on type '" + entity.edmTypeName() + "'.");
    }

    static HttpError unknownEntitySet(String segment) {
        return new HttpError(404, BAD_QUERY, "Resource not found for the segment '" + segment + "'.");
    }

    static HttpError recordNotFound(EntityDefinition entity, UUID id) {
        return new HttpError(404, NOT_FOUND, entity.logicalName() + " With Id = " + id + " Does Not Exist");
    }

    static HttpError recordNotFoundByKey(EntityDefinition entity) {
        return new HttpError(404, NOT_FOUND,
                "A record with the specified key values does not exist in " + entity.logicalName() + " entity");
    }

    static HttpError versionMismatch() {
        return new HttpError(412, VERSION_MISMATCH,
                "The version of the existing record doesn't match the RowVersion property provided.");
    }

    static HttpError duplicateKey() {
        return new HttpError(412, DUPLICATE_RECORD, "A record with matching key values already exists.");
    }

    static HttpError versionStampExpired() {
        return new HttpError(400, VERSION_STAMP_EXPIRED,
                "Version stamp associated with the client has expired. Please perform a full sync.");
    }

    static HttpError notSupportedWithChangeTracking(String option) {
        return badQuery("The " + option + " query parameter isn't supported when Change Tracking is enabled.");
    }
}
