package io.cosell.shared.usecase;

import java.util.Optional;

/** Moves dead-lettered sync messages back to the sync queue. */
public interface DeadLetterReplay {

    /** Every dead letter, or only those of {@code referralId}; the others stay on the dead-letter queue. */
    AdminReport replay(Optional<String> referralId);
}
