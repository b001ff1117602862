package io.cosell.shared.schema;

import java.util.regex.Pattern;

/**
 * Where the install puts the schema: an unmanaged solution of a publisher whose customization prefix every new
 * component's name must start with (Dataverse rejects other names).
 *
 * @param optionValuePrefix 10000–99999; choice values the publisher creates start at prefix × 10000
 */
public record SchemaTarget(String solution, String solutionName, String publisher, String publisherName,
                           String prefix, int optionValuePrefix) {

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,7}");

    public SchemaTarget {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the publisher prefix must be 2 to 8 lower-case letters or digits, "
                    + "starting with a letter, got '" + prefix + "'");
        }
        if (optionValuePrefix < 10_000 || optionValuePrefix > 99_999) {
            throw new IllegalArgumentException("the option value prefix must be between 10000 and 99999");
        }
    }

    /** Solution {@code cosellconnector}, publisher {@code cosell} with prefix {@code cosell} (option values 10000…). */
    public static SchemaTarget defaults() {
        return new SchemaTarget("cosellconnector", "Co-sell connector", "cosell", "Co-sell connector", "cosell", 10_000);
    }
}
