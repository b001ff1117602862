package io.cosell.shared.mapping;

/**
 * Which side wins a true conflict in the CRM → Partner Center merge: a CRM-owned field that both the CRM and Partner
 * Center changed to different values since the last sync. The losing side is overwritten: with CRM the value is sent
 * to Partner Center; with PARTNER_CENTER it is not sent, and the next inbound sync brings Partner Center's value into
 * the CRM. Either way the Audit column says which value was kept.
 */
public enum ConflictWinner {
    CRM,
    PARTNER_CENTER
}
