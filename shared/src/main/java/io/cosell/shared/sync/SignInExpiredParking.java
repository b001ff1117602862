package io.cosell.shared.sync;

import io.cosell.shared.auth.SignInExpiredException;
import io.cosell.shared.vocabulary.SyncMessage;

/** What becomes of a sync message whose sync found the Partner Center sign-in dead ({@link SignInExpiredMessages}). */
@FunctionalInterface
public interface SignInExpiredParking {

    /** Reports the dead sign-in and parks the message; returns the line for the sync report. */
    String park(SyncMessage message, SignInExpiredException expired);
}
