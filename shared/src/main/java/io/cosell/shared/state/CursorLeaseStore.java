package io.cosell.shared.state;

import java.time.Duration;
import java.util.Optional;

/** What scheduled runs (CRM poller, reconciler) share: where they left off, and who is running now. */
public interface CursorLeaseStore {

    Optional<SyncCursor> cursor(String name);

    /**
     * Moves the cursor to {@code newValue} if its version still equals {@code expectedVersion} (0 = never advanced).
     * False when another run advanced it first.
     */
    boolean advance(String name, long expectedVersion, String newValue);

    /** Takes the lease for {@code duration} if nobody holds it or the holder's lease has run out. */
    boolean tryAcquire(String name, String owner, Duration duration);

    /** Extends the lease to {@code duration} from now, only while {@code owner} holds it. */
    boolean renew(String name, String owner, Duration duration);

    /** Gives the lease back; only its owner can. */
    boolean release(String name, String owner);
}
