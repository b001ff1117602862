package io.cosell.shared.mapping;

/**
 * Where the customer account's two-letter country code goes.
 *
 * @param mode             TEXT or LOOKUP
 * @param column           TEXT: the text column written; LOOKUP: the lookup column (documentation only, the CRM
 *                         fills it)
 * @param helperTextColumn LOOKUP only: the text column that receives the two-letter code
 */
public record CountryMapping(CountryMode mode, String column, String helperTextColumn) {

    public static CountryMapping text(String column) {
        return new CountryMapping(CountryMode.TEXT, column, null);
    }

    public static CountryMapping lookup(String lookupColumn, String helperTextColumn) {
        return new CountryMapping(CountryMode.LOOKUP, lookupColumn, helperTextColumn);
    }

    public CountryMapping {
        mode = mode == null ? CountryMode.TEXT : mode;
        column = column == null ? "address1_country" : column;
    }

    /** The account column the connector writes the two-letter code to. */
    public String codeColumn() {
        return mode == CountryMode.LOOKUP ? helperTextColumn : column;
    }
}
