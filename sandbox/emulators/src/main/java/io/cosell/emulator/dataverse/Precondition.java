package io.cosell.emulator.dataverse;

import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Request;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The conditional headers of a write: {@code If-Match: *} (the record must exist), {@code If-Match: W/"n"} (it must
 * exist with that version) and {@code If-None-Match: *} (it must not exist). {@code If-None-Match: null} is the
 * standard no-cache header and imposes nothing.
 */
record Precondition(Optional<String> ifMatch, Optional<String> ifNoneMatch) {

    static Precondition of(Request request) {
        return new Precondition(request.header("If-Match").map(String::trim),
                request.header("If-None-Match").map(String::trim).filter(v -> !v.equals("null")));
    }

    /** Throws the documented error when the record's presence or version does not satisfy the headers. */
    void check(Optional<Row> existing, Supplier<HttpError> notFound) {
        if (existing.isEmpty()) {
            if (ifMatch.isPresent()) {
                throw notFound.get();
            }
            return;
        }
        if (ifNoneMatch.filter(v -> v.equals("*")).isPresent()) {
            throw DataverseErrors.duplicateKey();
        }
        if (ifMatch.isPresent() && !ifMatch.get().equals("*") && !ifMatch.get().equals(existing.get().etag())) {
            throw DataverseErrors.versionMismatch();
        }
    }
}
