package io.cosell.shared.mapping;

/**
 * A referral that cannot be brought into the CRM, and why, in words a seller understands (e.g. "Cannot sync referral
 * 42: the customer's company name is missing in Partner Center.").
 */
public record MappingProblem(String referralId, String message) implements MappingResult {

    public static MappingProblem of(String referralId, String reason) {
        return new MappingProblem(referralId, "Cannot sync referral " + referralId + ": " + reason);
    }
}
