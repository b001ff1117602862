package io.cosell.shared.sync;

/** How many CRM changes one poll queued, and a short note on the outcome. */
public record PollResult(int changes, String message) {
}
