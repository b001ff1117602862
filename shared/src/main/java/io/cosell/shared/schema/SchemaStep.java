package io.cosell.shared.schema;

/**
 * One component's outcome in an install or check report.
 *
 * @param component e.g. {@code column opportunity.cosell_referralid}
 * @param outcome   what happened (install) or what was found (check)
 * @param detail    why, in words, or empty
 */
public record SchemaStep(String component, Outcome outcome, String detail) {

    public enum Outcome {
        /** The install created it. */
        CREATED,
        /** It was there already (install: left alone; check: fine). */
        EXISTS,
        /** It is not there (check only). */
        MISSING,
        /** It is there with a type or size the connector cannot use; nothing changes it. */
        INCOMPATIBLE
    }

    public boolean problem() {
        return outcome == Outcome.MISSING || outcome == Outcome.INCOMPATIBLE;
    }
}
