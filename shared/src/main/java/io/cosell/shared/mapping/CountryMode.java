package io.cosell.shared.mapping;

/** How the customer account's country is stored in the CRM. */
public enum CountryMode {
    /** A text column holds the two-letter ISO 3166 code (Dataverse default: {@code address1_country}). */
    TEXT,
    /**
     * The country is a lookup to a country table; the connector writes the two-letter code to a helper text column
     * and the CRM (e.g. a business rule) sets the lookup from it.
     */
    LOOKUP
}
