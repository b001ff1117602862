package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.PatchOperation;

import java.util.List;
import java.util.Optional;

/**
 * What an update sends to Partner Center, and why.
 *
 * @param operations       the JSON Patch (only {@code add} and {@code replace}, as Partner Center supports)
 * @param sentPaths        the {@link ReferralFields} paths the operations change
 * @param statusChange     the status change among the operations, if any
 * @param notes            what the Audit column should say besides the changes: CRM edits not sent (one-way
 *                         fields) and conflicts resolved
 * @param crmRestores      CRM columns to set back because their edit cannot be sent (e.g. visibility withdrawn)
 * @param coSellConversion Microsoft help chosen on a referral that had none: it becomes co-sell
 * @param needsReferral    the plan needs the referral's current structure (e.g. whether it has an
 *                         {@code inviteContext}); read it and plan again
 */
public record PatchPlan(List<PatchOperation> operations, List<String> sentPaths,
                        Optional<ReferralStatusChange> statusChange, List<String> notes, ObjectNode crmRestores,
                        boolean coSellConversion, boolean needsReferral) {

    public PatchPlan {
        operations = List.copyOf(operations);
        sentPaths = List.copyOf(sentPaths);
        notes = List.copyOf(notes);
    }

    public boolean sendsNothing() {
        return operations.isEmpty();
    }
}
