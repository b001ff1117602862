package io.cosell.shared.config;

import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.queue.RetryBackoff;
import io.cosell.shared.state.RenewedLeaseStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the mapper's time limits fit together (docs/reliability.md, "Time budgets"): the mapper's Lambda timeout and
 * SQS batch size, the sync queue's visibility timeout and maxReceiveCount, the backoff of a failed message, the
 * length of a sync's lease and the retry budget of one API call. {@link #DEPLOYMENT} holds the values a deployment
 * uses ({@link RedeliveryConfig}'s defaults are its backoff); {@link #problems()} names every rule a set of values
 * breaks.
 */
public record TimeBudgets(Duration mapperTimeout, int batchSize, Duration visibilityTimeout, int maxReceiveCount,
                          RetryBackoff redelivery, Duration leaseLength, Duration retryBudget) {

    /** AWS: the queue's visibility timeout at least six times the function's timeout. */
    public static final int VISIBILITY_PER_TIMEOUT = 6;

    public static final TimeBudgets DEPLOYMENT = new TimeBudgets(Duration.ofSeconds(60), 10, Duration.ofSeconds(360), 5,
            new RetryBackoff(Duration.ofSeconds(20), Duration.ofMinutes(15)), RenewedLeaseStore.LEASE_LENGTH,
            RetryPolicy.defaults().budget());

    /** The time one record of a full batch may take: what the API clients' retries stop before. */
    public Duration recordDeadline() {
        return mapperTimeout.dividedBy(batchSize);
    }

    /**
     * How long a message that fails every time is retried before it is moved to the dead-letter queue: the backoffs
     * between its receives (a failed message is backed off; only a crashed invocation's waits its visibility timeout).
     */
    public Duration timeBeforeDeadLetter() {
        return redelivery.before(maxReceiveCount);
    }

    /** Every rule these values break, in words; empty when they fit. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (visibilityTimeout.compareTo(mapperTimeout.multipliedBy(VISIBILITY_PER_TIMEOUT)) < 0) {
            problems.add("the visibility timeout (" + visibilityTimeout + ") is below " + VISIBILITY_PER_TIMEOUT
                    + " × the mapper timeout (" + mapperTimeout + ")");
        }
        if (mapperTimeout.plus(leaseLength).compareTo(visibilityTimeout) > 0) {
            problems.add("a crashed holder's lease (mapper timeout " + mapperTimeout + " + lease " + leaseLength
                    + ") outlasts the visibility timeout (" + visibilityTimeout + "), so a redelivery finds it held");
        }
        if (redelivery.before(3).compareTo(mapperTimeout.plus(leaseLength)) < 0) {
            problems.add("the first two backoffs (" + redelivery.before(3) + ") end before a holder's lease surely has"
                    + " (mapper timeout " + mapperTimeout + " + lease " + leaseLength + "), so lease contention can"
                    + " cost more than two receives");
        }
        problems.addAll(redelivery.problems());
        if (maxReceiveCount < 3) {
            problems.add("maxReceiveCount " + maxReceiveCount + " leaves too few receives for a held lease, a"
                    + " throttled call and a real failure");
        }
        if (batchSize < 1 || batchSize > 10) {
            problems.add("the batch size must be 1..10, was " + batchSize);
        }
        if (retryBudget.compareTo(mapperTimeout) >= 0) {
            problems.add("the retry budget of one call (" + retryBudget + ") is not below the mapper timeout ("
                    + mapperTimeout + ")");
        }
        return problems;
    }
}
