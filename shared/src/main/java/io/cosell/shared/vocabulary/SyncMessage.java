package io.cosell.shared.vocabulary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.Objects;

/**
 * A hint that one referral or CRM record changed and needs syncing. It carries no record data: the mapper fetches the
 * current state (events are hints, state is fetched).
 *
 * @param referralId the Partner Center referral id, or null when only the CRM record is known
 * @param crmRecord  the CRM record, or null when only the referral is known
 * @param eventName  e.g. {@code referral-updated} (Partner Center webhook event) or {@code crm-change}
 * @param changeDate when the change happened, as the source reported it
 * @param dedupeKey  identifies this event across redeliveries
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncMessage(SyncDirection direction, String referralId, CrmRecordRef crmRecord, String eventName,
                          Instant changeDate, String dedupeKey) {

    public SyncMessage {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        if (referralId == null && crmRecord == null) {
            throw new IllegalArgumentException("a sync message names a referral, a CRM record, or both");
        }
    }

    /** @param json the connector's mapper ({@code io.cosell.shared.json.JsonSetup}) */
    public String toJson(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sync message always serialises", e);
        }
    }

    /** Parses a message body; throws {@link IllegalArgumentException} when it is not a sync message. */
    public static SyncMessage fromJson(ObjectMapper json, String body) {
        try {
            return json.readValue(body, SyncMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a sync message: " + e.getOriginalMessage(), e);
        }
    }
}
