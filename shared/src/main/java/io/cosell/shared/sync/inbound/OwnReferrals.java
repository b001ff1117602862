package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.RecordConflictException;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.OutboundCreateIntent;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Recognises a referral the connector created itself: its {@code externalReferenceId} names an opportunity of this CRM
 * that does not carry a Referral Identifier yet (the outbound sync POSTed the referral and has not written it back).
 * Such a referral never becomes a second opportunity:
 * <ul>
 *   <li>while the outbound create is in flight (its {@link OutboundCreateIntent} is younger than {@link #IN_FLIGHT}),
 *       the inbound sync retries later ({@link RetryLater}); the outbound sync links and writes back;</li>
 *   <li>otherwise (the outbound sync gave up), the opportunity is adopted: Referral Identifier and Referral Link are
 *       written on it and the referral is linked to it, nothing else of the seller's record changes; the poller then
 *       sees the change and the outbound sync carries on as for any linked opportunity.</li>
 * </ul>
 * Asked only for referrals never synced before (no snapshot), so it costs one CRM read for a referral that names an
 * opportunity, and none for Microsoft's new referrals.
 */
final class OwnReferrals {

    /** Longer than an outbound create's retries through the queue take (5 receives, 30 s visibility, leases of 2 min). */
    static final Duration IN_FLIGHT = Duration.ofMinutes(15);

    /** The opportunity a referral of the connector's own was linked to, and what the audit says. */
    record Adopted(CrmRecordRef record, List<String> writtenFields, String message) {
    }

    private final DataverseClient crm;
    private final SyncStateStore state;
    private final MappingConfig config;
    private final Clock clock;

    OwnReferrals(DataverseClient crm, SyncStateStore state, MappingConfig config, Clock clock) {
        this.crm = crm;
        this.state = state;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Empty when the referral is not one of the connector's own waiting for its write-back (the usual path applies);
     * the adopted opportunity otherwise.
     *
     * @throws RetryLater while the outbound sync is still creating it
     */
    Optional<Adopted> adopt(Referral referral, Optional<ReferralLink> link) {
        Optional<UUID> named = opportunityId(referral.externalReferenceId());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        CrmRecordRef ref = new CrmRecordRef(EntitySet.OPPORTUNITIES.name(), named.get().toString());
        if (link.isPresent() && !link.get().crmRecord().equals(ref)) {
            return Optional.empty();
        }
        ConnectorColumns columns = config.connectorColumns();
        Optional<CrmRecord> opportunity = crm.get(EntitySet.OPPORTUNITIES, named.get(),
                List.of(EntitySet.OPPORTUNITIES.primaryKey(), columns.referralId()));
        if (opportunity.isEmpty() || opportunity.get().text(columns.referralId()).filter(id -> !id.isBlank()).isPresent()) {
            return Optional.empty();
        }
        Optional<Instant> intended = OutboundCreateIntent.of(state, ref.id());
        if (intended.filter(at -> at.plus(IN_FLIGHT).isAfter(clock.instant())).isPresent()) {
            throw new RetryLater("Referral " + referral.id() + " was created by the connector for opportunity " + ref.id()
                    + ", whose sharing is still in progress; will retry once its Referral Identifier is written back.");
        }
        ObjectNode fields = CrmColumns.empty();
        fields.put(columns.referralId(), referral.id());
        fields.put(columns.referralLink(), config.referralLink(referral.id(), referral.engagementId()));
        try {
            crm.update(EntitySet.OPPORTUNITIES, named.get(), fields, Optional.ofNullable(opportunity.get().etag()));
        } catch (RecordConflictException changed) {
            throw new RetryLater("Opportunity " + ref.id() + " changed while referral " + referral.id()
                    + " was being linked to it; will retry.");
        }
        if (link.isEmpty() && !state.link(referral.id(), ref)) {
            throw new RetryLater("Referral " + referral.id() + " was linked by another worker at the same time; will retry.");
        }
        return Optional.of(new Adopted(ref, List.of(columns.referralId(), columns.referralLink()),
                "linked to opportunity " + ref.id() + ", which shared it with Partner Center"));
    }

    private static Optional<UUID> opportunityId(String externalReferenceId) {
        if (externalReferenceId == null || externalReferenceId.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(externalReferenceId.strip()));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }
}
