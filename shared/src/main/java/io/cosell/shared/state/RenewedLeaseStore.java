package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link SyncStateStore} whose leases stay held while their work runs: from a successful
 * {@link #tryAcquire} until {@link #release}, the lease is renewed for its full duration every third of it. So a lease
 * can be short (a crashed worker blocks the next one for at most one lease length) and a slow sync still never loses
 * it mid-write: a competing worker gets "retry later", not the lease.
 *
 * <p>Renewal stops when the lease is released, when a renewal finds the lease taken over (its time had run out
 * before the beat came), and after {@link #MAX_HOLD}, Lambda's longest function timeout, so a worker that never
 * releases (hung, or its environment frozen) cannot hold a lease for ever. Everything else is passed through.
 */
public final class RenewedLeaseStore implements SyncStateStore {

    /**
     * How long a sync's lease lasts unless renewed: what a crashed worker's lease blocks the next delivery for. Kept
     * well below the queue's visibility timeout minus the mapper's timeout (see docs/reliability.md, "Time budgets"),
     * so a message handed back because of a crashed holder finds the lease free when it comes round again.
     */
    public static final Duration LEASE_LENGTH = Duration.ofSeconds(30);

    /** Lambda's longest function timeout: no invocation, so no work under a lease, runs longer. */
    public static final Duration MAX_HOLD = Duration.ofMinutes(15);

    private static final Logger LOG = Logger.getLogger(RenewedLeaseStore.class.getName());

    private final SyncStateStore store;
    private final Heartbeats heartbeats;
    private final Clock clock;
    private final Map<Held, Heartbeats.Beating> held = new ConcurrentHashMap<>();

    public RenewedLeaseStore(SyncStateStore store, Heartbeats heartbeats, Clock clock) {
        this.store = store;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    private record Held(String name, String owner) {
    }

    @Override
    public boolean tryAcquire(String name, String owner, Duration duration) {
        if (!store.tryAcquire(name, owner, duration)) {
            return false;
        }
        Held lease = new Held(name, owner);
        Instant giveUpAt = clock.instant().plus(MAX_HOLD);
        Heartbeats.Beating earlier = held.put(lease, heartbeats.every(duration.dividedBy(3),
                () -> renew(lease, duration, giveUpAt)));
        if (earlier != null) {
            earlier.stop();
        }
        return true;
    }

    private void renew(Held lease, Duration duration, Instant giveUpAt) {
        if (!clock.instant().isBefore(giveUpAt)) {
            LOG.log(Level.WARNING, "lease {0} held by {1} for {2} without release; no longer renewed",
                    new Object[] {lease.name(), lease.owner(), MAX_HOLD});
            stopRenewing(lease);
            return;
        }
        try {
            if (!store.renew(lease.name(), lease.owner(), duration)) {
                LOG.log(Level.WARNING, "lease {0} of {1} ran out before it was renewed and is held elsewhere",
                        new Object[] {lease.name(), lease.owner()});
                stopRenewing(lease);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "renewing lease " + lease.name() + " failed; will try again on the next beat", e);
        }
    }

    private void stopRenewing(Held lease) {
        Heartbeats.Beating beating = held.remove(lease);
        if (beating != null) {
            beating.stop();
        }
    }

    @Override
    public boolean renew(String name, String owner, Duration duration) {
        return store.renew(name, owner, duration);
    }

    @Override
    public boolean release(String name, String owner) {
        stopRenewing(new Held(name, owner));
        return store.release(name, owner);
    }

    @Override
    public Optional<SyncCursor> cursor(String name) {
        return store.cursor(name);
    }

    @Override
    public boolean advance(String name, long expectedVersion, String newValue) {
        return store.advance(name, expectedVersion, newValue);
    }

    @Override
    public boolean link(String referralId, CrmRecordRef crmRecord) {
        return store.link(referralId, crmRecord);
    }

    @Override
    public boolean relink(String referralId, CrmRecordRef from, CrmRecordRef to) {
        return store.relink(referralId, from, to);
    }

    @Override
    public Optional<ReferralLink> linkByReferral(String referralId) {
        return store.linkByReferral(referralId);
    }

    @Override
    public Optional<ReferralLink> linkByCrmRecord(CrmRecordRef crmRecord) {
        return store.linkByCrmRecord(crmRecord);
    }

    @Override
    public Optional<SyncSnapshot> snapshot(String referralId) {
        return store.snapshot(referralId);
    }

    @Override
    public LinkAndSnapshot linkAndSnapshot(String referralId) {
        return store.linkAndSnapshot(referralId);
    }

    @Override
    public Map<String, LinkAndSnapshot> linkAndSnapshots(List<String> referralIds) {
        return store.linkAndSnapshots(referralIds);
    }

    @Override
    public boolean saveSnapshotAndLog(SyncSnapshot snapshot, SyncLogEntry entry) {
        return store.saveSnapshotAndLog(snapshot, entry);
    }

    @Override
    public boolean saveSnapshot(SyncSnapshot snapshot) {
        return store.saveSnapshot(snapshot);
    }

    @Override
    public boolean markIfFirst(String key, Duration ttl) {
        return store.markIfFirst(key, ttl);
    }

    @Override
    public void unmark(String key) {
        store.unmark(key);
    }

    @Override
    public void append(SyncLogEntry entry) {
        store.append(entry);
    }

    @Override
    public List<SyncLogEntry> recentLog(String referralId, int limit) {
        return store.recentLog(referralId, limit);
    }

    @Override
    public void recordPendingRetry(PendingRetry retry) {
        store.recordPendingRetry(retry);
    }

    @Override
    public void clearPendingRetry(SyncDirection direction, String referralId, CrmRecordRef crmRecord) {
        store.clearPendingRetry(direction, referralId, crmRecord);
    }

    @Override
    public List<PendingRetry> pendingRetries(int limit) {
        return store.pendingRetries(limit);
    }
}
