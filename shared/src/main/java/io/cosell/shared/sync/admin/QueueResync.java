package io.cosell.shared.sync.admin;

import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.usecase.AdminReport;
import io.cosell.shared.usecase.Resync;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@link Resync} by queueing the sync message the mapper would get for a change: a referral Partner Center → CRM, an
 * opportunity CRM → Partner Center. Each call is a new message (its own dedupe key); the mapper reads the current
 * state of both sides, so a resync of something in sync changes nothing.
 */
public final class QueueResync implements Resync {

    public static final String EVENT_NAME = "resync";
    static final String ACTION = "resync";

    private final SyncQueue queue;
    private final Clock clock;

    public QueueResync(SyncQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public AdminReport referral(String referralId) {
        String id = guid(referralId, "referralId");
        return queue(new SyncMessage(SyncDirection.PC_TO_CRM, id, null, EVENT_NAME, clock.instant(), key(id)));
    }

    @Override
    public AdminReport opportunity(String opportunityId) {
        String id = guid(opportunityId, "opportunityId");
        return queue(new SyncMessage(SyncDirection.CRM_TO_PC, null, new CrmRecordRef(EntitySet.OPPORTUNITIES.name(), id),
                EVENT_NAME, clock.instant(), key(id)));
    }

    private AdminReport queue(SyncMessage message) {
        queue.send(message);
        String line = Describe.message(message);
        return new AdminReport(ACTION, List.of(line), 0, "queued " + line);
    }

    private static String key(String id) {
        return "resync#" + id + "#" + UUID.randomUUID();
    }

    /** Referral and opportunity ids are GUIDs; anything else is refused before it reaches the queue. */
    private static String guid(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing");
        }
        try {
            return UUID.fromString(value.strip()).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + name + "\" must be a GUID, was: " + value);
        }
    }
}
