package io.cosell.shared.http;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many calls one client lets run at once, learnt from the API's answers (additive increase, multiplicative
 * decrease): it starts at {@code start}, grows by one after as many answers without a 429 as it allows at once, up to
 * {@code most}, and halves, to one at least, on every 429. The records of a batch sync at the same time; the API's
 * limits (Dataverse: 52 concurrent requests and 6,000 per 5 minutes per user, shared with every other environment and
 * integration that signs in as that user) are what sets how many of their calls should run together, so the client
 * ramps up to them, as Microsoft advises, instead of starting at its most.
 */
final class AdaptiveConcurrency {

    private final int most;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private int limit;
    private int running;
    private int answeredSinceGrowth;

    AdaptiveConcurrency(int start, int most) {
        if (start < 1 || most < start) {
            throw new IllegalArgumentException("need 1 <= start <= most, was " + start + " and " + most);
        }
        this.limit = start;
        this.most = most;
    }

    /** Takes a slot, waiting at most {@code patience} for one; false when none came free in time. */
    boolean enter(Duration patience) throws InterruptedException {
        long left = patience.toNanos();
        lock.lock();
        try {
            while (running >= limit) {
                if (left <= 0) {
                    return false;
                }
                left = slotFreed.awaitNanos(left);
            }
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives the slot back, with what the call's answer says of the API's limits. */
    void leave(boolean throttled) {
        lock.lock();
        try {
            running--;
            if (throttled) {
                limit = Math.max(1, limit / 2);
                answeredSinceGrowth = 0;
            } else if (++answeredSinceGrowth >= limit && limit < most) {
                limit++;
                answeredSinceGrowth = 0;
            }
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives the slot back after a call that got no answer (a connection failure): says nothing of the limits. */
    void leaveWithoutAnswer() {
        lock.lock();
        try {
            running--;
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Calls allowed at once now. */
    int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }
}
