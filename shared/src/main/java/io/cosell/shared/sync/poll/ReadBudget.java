package io.cosell.shared.sync.poll;

import java.time.Clock;
import java.time.Instant;

/** How much one run may still read: rows, and time until the read deadline. */
final class ReadBudget {

    private final Clock clock;
    private final Instant readUntil;
    private int rowsLeft;

    ReadBudget(int maxRows, Instant readUntil, Clock clock) {
        this.rowsLeft = maxRows;
        this.readUntil = readUntil;
        this.clock = clock;
    }

    void spend(int rows) {
        rowsLeft -= rows;
    }

    boolean exhausted() {
        return rowsLeft <= 0 || !clock.instant().isBefore(readUntil);
    }
}
