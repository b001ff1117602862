package io.cosell.shared.mapping;

import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.referral.ReferralStatus;
import io.cosell.shared.referral.ReferralSubstatus;

import java.util.Map;
import java.util.Optional;

/**
 * What the CRM → Partner Center sync knows of a referral when it plans a PATCH: its {@link ReferralFields}, and the
 * referral itself when it was just read (else the fields come from the last snapshot, which is the referral as of the
 * snapshot's eTag).
 */
public record PartnerCenterSide(Map<String, String> fields, Optional<Referral> referral) {

    public PartnerCenterSide {
        fields = Map.copyOf(fields);
    }

    public static PartnerCenterSide asSnapshotted(Map<String, String> fields) {
        return new PartnerCenterSide(fields, Optional.empty());
    }

    public static PartnerCenterSide of(Referral referral, ReferralJson json) {
        return new PartnerCenterSide(ReferralFields.of(referral, json), Optional.of(referral));
    }

    /** Closed (Won, Lost, Declined or Expired): Partner Center refuses any edit. */
    public boolean isTerminal() {
        String substatus = fields.get(ReferralFields.SUBSTATUS);
        return ReferralStatus.CLOSED.value().equals(fields.get(ReferralFields.STATUS))
                || (substatus != null && ReferralSubstatus.of(substatus).isTerminal());
    }

    public String statusText() {
        return fields.getOrDefault(ReferralFields.STATUS, "?") + "/" + fields.getOrDefault(ReferralFields.SUBSTATUS, "?");
    }
}
