package io.cosell.shared.usecase;

import java.util.Optional;

/**
 * Gives a function, at the moment it is entered, the deadline of the invocation it is serving. Funqy does not pass
 * Lambda's {@code Context} (nor its remaining time), so a function captures its deadline first thing: the entry
 * time plus the function's configured timeout ({@code cosell.function.timeout}).
 */
public interface InvocationDeadline {

    /** For a function entered once per invocation: now plus the function's timeout. */
    Deadline start();

    /**
     * For one record of a batch, each entering the function on its own: now plus the timeout divided by the largest
     * batch the function is given ({@code cosell.function.batch-size}), so that a batch whose every record keeps its
     * own deadline ends within the invocation's even when its records run one after another (as records about the
     * same referral do).
     */
    Deadline startRecord();

    /**
     * The deadline the calling thread started (each record of a batch syncs on a thread of its own), else the one the
     * function last started, if it started one: what retries inside the invocation must not pass.
     */
    Optional<Deadline> current();
}
