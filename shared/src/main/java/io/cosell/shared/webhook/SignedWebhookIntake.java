package io.cosell.shared.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.state.DedupeLogStore;
import io.cosell.shared.usecase.IntakeResult;
import io.cosell.shared.usecase.WebhookDelivery;
import io.cosell.shared.usecase.WebhookIntake;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The webhook intake: size → signature → JSON → event filter → dedupe → enqueue. Only the four referral events are
 * enqueued, as one {@link SyncMessage} (PC_TO_CRM) each; every other event is acknowledged and ignored (so
 * {@code test-created} validations succeed). Repeated deliveries of one change (same event, referral and
 * {@code ResourceChangeUtcDate}; the body's SHA-256 stands in for a missing date) collapse through
 * {@link DedupeLogStore#markIfFirst}. When the queue cannot take the message the mark is undone and the answer is
 * 503, so Partner Center's retry is accepted instead of being taken for a duplicate. Never calls Partner Center or
 * the CRM. Logs name the event and referral only, never the signature or the body.
 */
public final class SignedWebhookIntake implements WebhookIntake {

    private static final System.Logger LOG = System.getLogger(SignedWebhookIntake.class.getName());

    private final WebhookSignatureVerifier verifier;
    private final DedupeLogStore dedupe;
    private final SyncQueue queue;
    private final Duration dedupeTtl;
    private final int maxBodyBytes;
    private final ObjectMapper json;

    public SignedWebhookIntake(WebhookSignatureVerifier verifier, DedupeLogStore dedupe, SyncQueue queue,
                               Duration dedupeTtl, int maxBodyBytes, ObjectMapper json) {
        this.verifier = verifier;
        this.dedupe = dedupe;
        this.queue = queue;
        this.dedupeTtl = dedupeTtl;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    @Override
    public IntakeResult accept(WebhookDelivery delivery) {
        if (delivery.body().length > maxBodyBytes) {
            String reason = "body is larger than " + maxBodyBytes + " bytes";
            LOG.log(System.Logger.Level.WARNING, "webhook rejected: {0}", reason);
            return IntakeResult.tooLarge(reason);
        }
        try {
            verifier.verify(delivery);
        } catch (UntrustedWebhookException e) {
            LOG.log(System.Logger.Level.WARNING, "webhook rejected: {0}", e.getMessage());
            return IntakeResult.unauthorized(e.getMessage());
        }
        WebhookEvent event;
        try {
            event = WebhookEvent.parse(json, delivery.body());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "signed webhook rejected: {0}", e.getMessage());
            return IntakeResult.malformed(e.getMessage());
        }
        if (!ReferralEvents.ALL_REFERRAL_EVENTS.contains(event.eventName())) {
            LOG.log(System.Logger.Level.INFO, "webhook event {0} ignored", event.eventName());
            return IntakeResult.ignored();
        }
        Optional<String> referralId = event.referralId();
        if (referralId.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} rejected: ResourceUri does not end in a referral id",
                    event.eventName());
            return IntakeResult.malformed("ResourceUri does not end in a referral id");
        }
        return enqueueOnce(event, referralId.get(), delivery.body());
    }

    private IntakeResult enqueueOnce(WebhookEvent event, String referralId, byte[] body) {
        String key = dedupeKey(event, referralId, body);
        try {
            if (!dedupe.markIfFirst(key, dedupeTtl)) {
                LOG.log(System.Logger.Level.INFO, "{0} for referral {1} is a duplicate delivery",
                        event.eventName(), referralId);
                return IntakeResult.duplicate();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "{0} for referral {1}: the dedupe store failed: {2}",
                    event.eventName(), referralId, e.toString());
            return IntakeResult.unavailable("the event could not be recorded; please retry");
        }
        try {
            queue.send(new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, event.eventName(),
                    event.changeDate(), key));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "{0} for referral {1}: the sync queue failed: {2}",
                    event.eventName(), referralId, e.toString());
            undoMark(key, event, referralId);
            return IntakeResult.unavailable("the event could not be queued; please retry");
        }
        LOG.log(System.Logger.Level.INFO, "{0} for referral {1} queued", event.eventName(), referralId);
        return IntakeResult.accepted();
    }

    private void undoMark(String key, WebhookEvent event, String referralId) {
        try {
            dedupe.unmark(key);
        } catch (RuntimeException e) {
            // the retry will now be taken for a duplicate: only the reconciler will catch this change
            LOG.log(System.Logger.Level.ERROR, "{0} for referral {1}: could not undo the dedupe mark {2}: {3}",
                    event.eventName(), referralId, key, e.toString());
        }
    }

    /** {@code <event>#<referral id>#<change date, or body-sha256:…>}. */
    static String dedupeKey(WebhookEvent event, String referralId, byte[] body) {
        String change = event.changeDateIfKnown().map(Object::toString)
                .orElseGet(() -> "body-sha256:" + sha256(body));
        return event.eventName() + "#" + referralId + "#" + change;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
