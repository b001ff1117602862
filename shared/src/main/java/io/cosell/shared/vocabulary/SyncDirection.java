package io.cosell.shared.vocabulary;



/** Which way a sync runs. */
public enum SyncDirection {
    /** A Partner Center referral changed; bring it into the CRM. */
    PC_TO_CRM,
    /** A CRM record changed; bring it into Partner Center. */
    CRM_TO_PC
}
