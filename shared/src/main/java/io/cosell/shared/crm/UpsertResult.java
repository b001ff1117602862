package io.cosell.shared.crm;

import java.util.Optional;
import java.util.UUID;

/**
 * The record an upsert wrote, whether it was created (true) or updated (false), and its ETag right after the write
 * (empty when the answer carried none).
 */
public record UpsertResult(UUID id, boolean created, Optional<String> etag) {
}
