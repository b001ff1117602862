package io.cosell.shared.migration;

/** How {@code migrate apply} settles a field that differs between the CRM and Partner Center. */
public enum Prefer {
    /** The CRM's value is sent to Partner Center. */
    CRM,
    /** Partner Center's value is written to the CRM. */
    PARTNER_CENTER,
    /** Nothing is written: the pair is left unlinked and listed for the admin. */
    REPORT_ONLY
}
