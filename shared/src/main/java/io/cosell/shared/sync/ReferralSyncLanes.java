package io.cosell.shared.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.usecase.SyncLanes;
import io.cosell.shared.vocabulary.SyncMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the sync messages of a batch at the same time, one after another per lane: the referral a message names, or
 * its CRM record when it names no referral. Messages about different referrals do not wait for each other (each runs
 * on a virtual thread of its own, and a sync mostly waits for Partner Center and Dataverse); of two messages naming
 * the same referral the later one starts when the earlier one has ended, however it ended. A body that is not a sync
 * message gets a lane of its own. A CRM record's message that does not name its referral has the record's lane, so it
 * may still meet that referral's inbound sync at the referral's lease, which the sync dispatcher waits out briefly.
 */
@ApplicationScoped
public class ReferralSyncLanes implements SyncLanes {

    private final ObjectMapper json;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sync-", 1).factory());
    private final ConcurrentHashMap<String, CompletableFuture<Void>> lastInLane = new ConcurrentHashMap<>();

    @Inject
    public ReferralSyncLanes(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public CompletableFuture<Void> submit(String messageBody, Runnable sync) {
        String lane = laneOf(messageBody);
        CompletableFuture<Void> run = lastInLane.compute(lane, (key, last) ->
                (last == null ? CompletableFuture.<Void>completedFuture(null) : last.exceptionally(failed -> null))
                        .thenRunAsync(sync, threads));
        run.whenComplete((ignored, failure) -> lastInLane.remove(lane, run));
        return run;
    }

    /** Lanes with a message submitted and not yet ended. */
    int lanesInUse() {
        return lastInLane.size();
    }

    private String laneOf(String messageBody) {
        try {
            SyncMessage message = SyncMessage.fromJson(json, messageBody);
            return message.referralId() != null
                    ? "referral " + message.referralId()
                    : message.crmRecord().entitySet() + "(" + message.crmRecord().id() + ")";
        } catch (RuntimeException notASyncMessage) {
            return "unreadable " + UUID.randomUUID();
        }
    }
}
