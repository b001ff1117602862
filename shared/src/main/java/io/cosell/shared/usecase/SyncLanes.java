package io.cosell.shared.usecase;

import java.util.concurrent.CompletableFuture;

/**
 * Runs the sync messages of a batch at the same time, one after another per lane: messages about different referrals
 * do not wait for each other, two naming the same referral never run together.
 */
public interface SyncLanes {

    /** Starts {@code sync} once the messages before it in its lane have ended, however they ended; completes as it does. */
    CompletableFuture<Void> submit(String messageBody, Runnable sync);
}
