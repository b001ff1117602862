package io.cosell.shared.usecase;



/** How many CRM changes one poll queued, and a short note on the outcome. */
public record PollResult(int changes, String message) {
}
