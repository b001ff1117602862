package io.cosell.sandbox.bench;

import io.cosell.sandbox.Sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Share → lead readable in the CRM, timed by the Dataverse emulator itself: it tells when it stores each lead
 * ({@code DataverseEmulator.observeCreations}), so the timing adds no reads to the load it measures, as a watcher
 * polling the API every few milliseconds would.
 */
final class LeadArrivals {

    private static final String REFERRAL_COLUMN = "cosell_referralid";
    private static final int SHARING_THREADS = 8;

    private final Map<String, CompletableFuture<Long>> arrivedAt = new ConcurrentHashMap<>();

    /** One per sandbox: the emulator keeps its observers until it stops. */
    LeadArrivals(Sandbox sandbox) {
        sandbox.dataverse().observeCreations((table, row) -> {
            if (table.equals("lead") && row.hasNonNull(REFERRAL_COLUMN)) {
                arrival(row.get(REFERRAL_COLUMN).asText()).complete(System.nanoTime());
            }
        });
    }

    /** Shares one referral ({@code share} answers its id) and times it until its lead is readable. */
    Duration timeOne(Supplier<String> share, Duration atMost) {
        long start = System.nanoTime();
        String id = share.get();
        return Duration.ofNanos(await(id, start + atMost.toNanos()) - start);
    }

    /**
     * Shares {@code count} referrals at once ({@value #SHARING_THREADS} share calls at a time, none waiting for an
     * arrival) and times each until its lead is readable.
     */
    List<Duration> timeBurst(int count, Supplier<String> share, Duration atMost) {
        long giveUpAt = System.nanoTime() + atMost.toNanos();
        List<Future<Shared>> shares = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(SHARING_THREADS)) {
            for (int i = 0; i < count; i++) {
                shares.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    return new Shared(share.get(), start);
                }));
            }
            List<Duration> latencies = new ArrayList<>();
            for (Future<Shared> shared : shares) {
                Shared referral = shared.get();
                latencies.add(Duration.ofNanos(await(referral.id(), giveUpAt) - referral.startNanos()));
            }
            return latencies;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a referral of the burst could not be shared", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Shared(String id, long startNanos) {
    }

    private long await(String referralId, long giveUpAtNanos) {
        try {
            return arrival(referralId).get(Math.max(0, giveUpAtNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the lead of referral " + referralId + " was not created in time");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Long> arrival(String referralId) {
        return arrivedAt.computeIfAbsent(referralId, id -> new CompletableFuture<>());
    }
}
