package io.cosell.shared.mapping;

/**
 * Which side wins a true conflict: a CRM-owned field that both the CRM and Partner Center changed to different values
 * since the last sync, whichever direction finds it. With CRM the CRM keeps its value and it is sent to Partner Center
 * (at once by the CRM → Partner Center sync; with the next poll when the Partner Center → CRM sync finds it); with
 * PARTNER_CENTER the CRM takes Partner Center's value and nothing is sent. Either way the Audit column says which value
 * was kept.
 */
public enum ConflictWinner {
    CRM,
    PARTNER_CENTER
}
