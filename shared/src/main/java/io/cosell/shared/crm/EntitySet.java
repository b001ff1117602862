package io.cosell.shared.crm;

import java.util.regex.Pattern;

/**
 * A Dataverse entity set and its primary key column, e.g. {@code opportunities} / {@code opportunityid}.
 * The constants are the tables the connector uses.
 */
public record EntitySet(String name, String primaryKey) {

    /** Declared before the constants, which need it when they are built. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public static final EntitySet OPPORTUNITIES = new EntitySet("opportunities", "opportunityid");
    public static final EntitySet ACCOUNTS = new EntitySet("accounts", "accountid");
    public static final EntitySet CONTACTS = new EntitySet("contacts", "contactid");
    public static final EntitySet LEADS = new EntitySet("leads", "leadid");
    public static final EntitySet TRANSACTION_CURRENCIES = new EntitySet("transactioncurrencies", "transactioncurrencyid");
    public static final EntitySet OPPORTUNITY_CLOSES = new EntitySet("opportunitycloses", "activityid");
    public static final EntitySet SOLUTIONS = new EntitySet("cosell_solutions", "cosell_solutionsid");
    public static final EntitySet SOLUTION_DETAILS = new EntitySet("cosell_solutiondetails", "cosell_solutiondetailsid");

    public EntitySet {
        requireIdentifier(name);
        requireIdentifier(primaryKey);
    }

    /** Column and entity set names are plain identifiers; anything else could change the meaning of a URL. */
    static String requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Dataverse column or entity set name: '" + name + "'");
        }
        return name;
    }
}
