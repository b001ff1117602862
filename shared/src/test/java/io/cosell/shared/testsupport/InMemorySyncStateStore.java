package io.cosell.shared.testsupport;

import io.cosell.shared.state.LinkAndSnapshot;
import io.cosell.shared.state.PendingRetry;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncCursor;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The sync state in memory, for unit tests of the use cases; leases and dedupe keys never expire. */
public final class InMemorySyncStateStore implements SyncStateStore {

    private final Map<String, ReferralLink> links = new ConcurrentHashMap<>();
    private final Map<String, SyncSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, SyncCursor> cursors = new ConcurrentHashMap<>();
    private final Map<String, String> leases = new ConcurrentHashMap<>();
    private final Map<String, Boolean> dedupe = new ConcurrentHashMap<>();
    private final List<SyncLogEntry> log = new ArrayList<>();
    private final Map<String, PendingRetry> retries = new TreeMap<>();

    @Override
    public boolean link(String referralId, CrmRecordRef crmRecord) {
        return links.computeIfAbsent(referralId, id -> new ReferralLink(id, crmRecord, Instant.EPOCH))
                .crmRecord().equals(crmRecord);
    }

    @Override
    public boolean relink(String referralId, CrmRecordRef from, CrmRecordRef to) {
        links.put(referralId, new ReferralLink(referralId, to, Instant.EPOCH));
        return true;
    }

    @Override
    public Optional<ReferralLink> linkByReferral(String referralId) {
        return Optional.ofNullable(links.get(referralId));
    }

    @Override
    public Optional<ReferralLink> linkByCrmRecord(CrmRecordRef crmRecord) {
        return links.values().stream().filter(link -> link.crmRecord().equals(crmRecord)).findFirst();
    }

    @Override
    public Optional<SyncSnapshot> snapshot(String referralId) {
        return Optional.ofNullable(snapshots.get(referralId));
    }

    @Override
    public boolean saveSnapshot(SyncSnapshot snapshot) {
        snapshots.put(snapshot.referralId(), snapshot.saved());
        return true;
    }

    @Override
    public LinkAndSnapshot linkAndSnapshot(String referralId) {
        return new LinkAndSnapshot(linkByReferral(referralId), snapshot(referralId));
    }

    @Override
    public Map<String, LinkAndSnapshot> linkAndSnapshots(List<String> referralIds) {
        Map<String, LinkAndSnapshot> known = new LinkedHashMap<>();
        referralIds.forEach(id -> known.put(id, linkAndSnapshot(id)));
        return known;
    }

    @Override
    public synchronized boolean saveSnapshotAndLog(SyncSnapshot snapshot, SyncLogEntry entry) {
        if (!saveSnapshot(snapshot)) {
            return false;
        }
        append(entry);
        return true;
    }

    @Override
    public Optional<SyncCursor> cursor(String name) {
        return Optional.ofNullable(cursors.get(name));
    }

    @Override
    public synchronized boolean advance(String name, long expectedVersion, String newValue) {
        long current = cursor(name).map(SyncCursor::version).orElse(0L);
        if (current != expectedVersion) {
            return false;
        }
        cursors.put(name, new SyncCursor(name, newValue, expectedVersion + 1));
        return true;
    }

    @Override
    public boolean tryAcquire(String name, String owner, Duration duration) {
        return leases.putIfAbsent(name, owner) == null;
    }

    @Override
    public boolean renew(String name, String owner, Duration duration) {
        return owner.equals(leases.get(name));
    }

    @Override
    public boolean release(String name, String owner) {
        return leases.remove(name, owner);
    }

    @Override
    public boolean markIfFirst(String key, Duration ttl) {
        return dedupe.putIfAbsent(key, true) == null;
    }

    @Override
    public void unmark(String key) {
        dedupe.remove(key);
    }

    @Override
    public synchronized void append(SyncLogEntry entry) {
        log.add(entry);
    }

    @Override
    public synchronized List<SyncLogEntry> recentLog(String referralId, int limit) {
        return log.reversed().stream().filter(entry -> entry.referralId().equals(referralId)).limit(limit).toList();
    }

    @Override
    public synchronized void recordPendingRetry(PendingRetry retry) {
        retries.put(retry.direction() + "#" + retry.subject(), retry);
    }

    @Override
    public synchronized void clearPendingRetry(SyncDirection direction, String referralId, CrmRecordRef crmRecord) {
        retries.values().removeIf(retry -> retry.direction() == direction
                && (direction == SyncDirection.PC_TO_CRM ? retry.referralId().equals(referralId)
                : retry.crmRecord().equals(crmRecord)));
    }

    @Override
    public synchronized List<PendingRetry> pendingRetries(int limit) {
        return retries.values().stream().limit(limit).toList();
    }

    /** Holds a lease as another run would. */
    public void holdLease(String name, String owner) {
        leases.put(name, owner);
    }
}
