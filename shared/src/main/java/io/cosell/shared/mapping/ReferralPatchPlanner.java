package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.referral.SolutionTag;
import io.cosell.shared.referral.Referral;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the JSON Patch that brings a referral up to date with its CRM opportunity: a three-way merge per CRM-owned
 * field (name, deal value, currency, close date, notes, solutions, visibility, Microsoft help), with the last
 * snapshot as the base. Pure: no I/O.
 *
 * <ul>
 *   <li>CRM value unchanged since the base, or already what Partner Center has: nothing is sent (this is what keeps
 *       the connector's own writes from echoing back and forth).</li>
 *   <li>Changed in the CRM only: sent.</li>
 *   <li>Changed on both sides to different values (a true conflict): the configured {@link ConflictWinner} decides,
 *       and a note says which value was kept.</li>
 *   <li>One-way fields: visibility to Microsoft sellers, once given, and Microsoft help, once asked for, cannot be
 *       withdrawn. A CRM attempt is not sent; the CRM column is set back and a note says why.</li>
 *   <li>Microsoft help chosen on a referral that had none turns it into co-sell: the assistance code, consent to
 *       share with Microsoft sellers and the customer contacts are sent.</li>
 *   <li>Status: see {@link ReferralStatusChange}.</li>
 * </ul>
 * Fields Partner Center owns (status changes made by Microsoft, {@code trackingInfo.microsoftMsxId}, customer details
 * after creation) are never sent, so a PATCH cannot overwrite them.
 */
public final class ReferralPatchPlanner {

    /** The CRM-owned fields, in the order their operations are sent. */
    public static final List<String> CRM_OWNED = List.of(ReferralFields.NAME, ReferralFields.DEAL_VALUE,
            ReferralFields.CURRENCY, ReferralFields.CLOSING_DATE, ReferralFields.NOTES, ReferralFields.SOLUTIONS,
            ReferralFields.VISIBLE_TO_MICROSOFT, ReferralFields.MICROSOFT_HELP);

    /** Deal values go out as written in the CRM (85000, not 8.5E+4). */
    private static final JsonNodeFactory PLAIN_NUMBERS = JsonNodeFactory.withExactBigDecimals(true);

    private final MappingConfig config;
    private final ReferralJson json;

    public ReferralPatchPlanner(MappingConfig config, ObjectMapper json) {
        this.config = config;
        this.json = new ReferralJson(json);
    }

    public PatchPlan plan(MappedOpportunity crm, Map<String, String> base, PartnerCenterSide current) {
        Plan plan = new Plan(current.referral());
        for (String path : CRM_OWNED) {
            String mine = crm.partnerCenterFields().get(path);
            String was = base.get(path);
            String theirs = current.fields().get(path);
            if (ReferralFieldValues.same(path, mine, was) || ReferralFieldValues.same(path, mine, theirs)) {
                continue;
            }
            if (withdrawn(path, mine, theirs, plan)) {
                continue;
            }
            if (!ReferralFieldValues.same(path, theirs, was) && !crmWinsConflict(path, mine, theirs, plan)) {
                continue;
            }
            send(path, mine, theirs, crm, plan);
        }
        crm.requestedStatus().filter(change -> change.appliesTo(current.fields().get(ReferralFields.STATUS)))
                .ifPresent(change -> {
                    plan.operations.add(PatchOperation.replace(ReferralFields.STATUS, change.status().value()));
                    plan.operations.add(PatchOperation.replace(ReferralFields.SUBSTATUS, change.substatus().value()));
                    change.reason().ifPresent(reason -> plan.operations.add(PatchOperation.replace("/statusReason", reason)));
                    plan.statusChange = Optional.of(change);
                });
        return new PatchPlan(plan.operations, plan.sent, plan.statusChange, plan.notes, plan.restores,
                plan.coSellConversion, plan.needsReferral);
    }

    /** A one-way field the CRM tries to take back: not sent, the CRM column is set back. */
    private boolean withdrawn(String path, String mine, String theirs, Plan plan) {
        ConnectorColumns columns = config.connectorColumns();
        if (path.equals(ReferralFields.VISIBLE_TO_MICROSOFT) && "true".equals(theirs) && !"true".equals(mine)) {
            plan.notes.add("visibility to Microsoft sellers was not withdrawn: once a referral is shared with "
                    + "Microsoft sellers it stays visible (the CRM column was set back to visible)");
            plan.restores.put(columns.visibleToMicrosoft(), true);
            return true;
        }
        if (path.equals(ReferralFields.MICROSOFT_HELP) && theirs != null && mine == null) {
            plan.notes.add("Microsoft help was not withdrawn: a co-sell referral stays co-sell (the CRM column was set "
                    + "back to " + theirs + ")");
            Integer option = config.microsoftHelpValues().get(theirs);
            if (option != null) {
                plan.restores.put(columns.microsoftHelp(), option);
            }
            return true;
        }
        return false;
    }

    private boolean crmWinsConflict(String path, String mine, String theirs, Plan plan) {
        boolean crmWins = config.conflictWinner() == ConflictWinner.CRM;
        String label = ReferralFields.label(path);
        plan.notes.add("conflict on " + label + ": changed in the CRM (" + shown(mine) + ") and in Partner Center ("
                + shown(theirs) + ") since the last sync; kept " + (crmWins ? "the CRM's" : "Partner Center's")
                + " value (conflictWinner " + config.conflictWinner() + ")"
                + (crmWins ? "" : "; the CRM gets Partner Center's value from the next Partner Center → CRM sync"));
        return crmWins;
    }

    private void send(String path, String mine, String theirs, MappedOpportunity crm, Plan plan) {
        List<PatchOperation> ops = plan.operations;
        switch (path) {
            case ReferralFields.DEAL_VALUE -> ops.add(new PatchOperation("replace", path, mine == null
                    ? PLAIN_NUMBERS.nullNode() : PLAIN_NUMBERS.numberNode(new BigDecimal(mine))));
            case ReferralFields.NOTES -> ops.add(PatchOperation.replace(path, mine == null ? "" : mine));
            case ReferralFields.SOLUTIONS -> {
                Optional<Boolean> hasRequirements = plan.referral.map(r -> r.details() != null && r.details().requirements() != null)
                        .or(() -> theirs != null ? Optional.of(true) : Optional.empty());
                if (hasRequirements.isEmpty()) {
                    plan.needsReferral = true;
                    return;
                }
                Map<String, List<SolutionTag>> requirements = Map.of("solutions", crm.solutions());
                ops.add(hasRequirements.get() ? PatchOperation.replace(path, json.tree(crm.solutions()))
                        : PatchOperation.add("/details/requirements", json.tree(requirements)));
                ops.add(PatchOperation.replace("/target", OpportunityMapper.targets(crm.solutions())));
            }
            case ReferralFields.VISIBLE_TO_MICROSOFT -> ops.add(theirs == null ? PatchOperation.add(path, true)
                    : PatchOperation.replace(path, Boolean.parseBoolean(mine)));
            case ReferralFields.MICROSOFT_HELP -> {
                if (theirs != null) {
                    ops.add(PatchOperation.replace(path, mine));
                    break;
                }
                Optional<Boolean> hasInviteContext = plan.referral.map(r -> r.inviteContext() != null);
                if (hasInviteContext.isEmpty()) {
                    plan.needsReferral = true;
                    return;
                }
                Map<String, String> inviteContext = Map.of("assistanceRequestCode", mine);
                ops.add(hasInviteContext.get() ? PatchOperation.add(path, mine)
                        : PatchOperation.add("/inviteContext", json.tree(inviteContext)));
                ops.add(PatchOperation.add("/customerProfile/team", json.tree(crm.contacts())));
                plan.coSellConversion = true;
            }
            default -> {
                if (mine == null) {
                    return;
                }
                ops.add(PatchOperation.replace(path, mine));
            }
        }
        plan.sent.add(path);
    }

    private static String shown(String value) {
        return value == null ? "none" : value;
    }

    /** The plan being built. */
    private static final class Plan {
        final Optional<Referral> referral;
        final List<PatchOperation> operations = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final ObjectNode restores = CrmColumns.empty();
        Optional<ReferralStatusChange> statusChange = Optional.empty();
        boolean coSellConversion;
        boolean needsReferral;

        Plan(Optional<Referral> referral) {
            this.referral = referral;
        }
    }
}
