package io.cosell.shared.mapping;

/**
 * The CRM state a referral's status/substatus stands for, with the Dataverse state and status codes it is written as.
 * Open opportunities and leads are the state new records start in; Won and Lost opportunities are closed through the
 * {@code WinOpportunity}/{@code LoseOpportunity} actions (status 3 Won, 4 Canceled); disqualified leads are PATCHed
 * to state 2 with status 4 (Lost) or 7 (Canceled).
 *
 * <pre>
 * Partner Center status/substatus   | not accepted yet, LEAD mode | accepted, OPPORTUNITY mode, or linked opportunity
 * New/Pending, New/Received         | LEAD_OPEN                   | OPPORTUNITY_OPEN
 * Active/Accepted                   | (always an opportunity)     | OPPORTUNITY_OPEN
 * Closed/Won                        | (always an opportunity)     | OPPORTUNITY_WON  (WinOpportunity, status 3)
 * Closed/Lost                       | LEAD_LOST (2/4)             | OPPORTUNITY_LOST (LoseOpportunity, status 4)
 * Closed/Declined, Closed/Expired   | LEAD_CANCELED (2/7)         | OPPORTUNITY_LOST (LoseOpportunity, status 4)
 * None, or a value new to us        | state left as it is         | state left as it is
 * </pre>
 * "Accepted" means status Active, substatus Accepted or Won, or an {@code acceptedDateTime}.
 */
public enum CrmStage {
    LEAD_OPEN(CrmRecordKind.LEAD, 0, 1),
    LEAD_LOST(CrmRecordKind.LEAD, 2, 4),
    LEAD_CANCELED(CrmRecordKind.LEAD, 2, 7),
    OPPORTUNITY_OPEN(CrmRecordKind.OPPORTUNITY, 0, 1),
    OPPORTUNITY_WON(CrmRecordKind.OPPORTUNITY, 1, 3),
    OPPORTUNITY_LOST(CrmRecordKind.OPPORTUNITY, 2, 4);

    private final CrmRecordKind kind;
    private final int stateCode;
    private final int statusCode;

    CrmStage(CrmRecordKind kind, int stateCode, int statusCode) {
        this.kind = kind;
        this.stateCode = stateCode;
        this.statusCode = statusCode;
    }

    public CrmRecordKind kind() {
        return kind;
    }

    public int stateCode() {
        return stateCode;
    }

    public int statusCode() {
        return statusCode;
    }

    public boolean isOpen() {
        return stateCode == 0;
    }
}
