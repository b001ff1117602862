package io.cosell.shared.crm;

import java.util.UUID;

/** The record an upsert wrote and whether it was created (true) or updated (false). */
public record UpsertResult(UUID id, boolean created) {
}
