package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A referral as CRM rows, ready to write (Web API JSON: columns by logical name; lookups to records the mapper cannot
 * know, such as the account or the currency, are added by the caller).
 *
 * @param kind                lead or opportunity
 * @param stage               the CRM state the referral's status stands for; empty for a status new to the
 *                            connector (the record's state is then left as it is)
 * @param record              the lead's or opportunity's columns; the referral id is not among them (it is the
 *                            alternate key the record is written by)
 * @param account             the customer account's columns for a new account
 * @param accountMatch        the configured match columns and their values (JSON null when the referral has none)
 * @param contacts            a contact's columns per customer team member
 * @param solutions           {@code cosell_solutions} rows (without their opportunity)
 * @param currency            the ISO 4217 code of the deal value, when there is one
 * @param partnerCenterFields the mapped Partner Center fields by JSON Patch path (see {@link ReferralFields})
 * @param warnings            harmless surprises, e.g. a status value new to the connector, for the audit trail
 */
public record MappedReferral(String referralId, CrmRecordKind kind, Optional<CrmStage> stage, ObjectNode record,
                             ObjectNode account, ObjectNode accountMatch, List<ObjectNode> contacts,
                             List<ObjectNode> solutions, Optional<String> currency,
                             Map<String, String> partnerCenterFields, List<String> warnings)
        implements MappingResult {

    public MappedReferral {
        contacts = List.copyOf(contacts);
        solutions = List.copyOf(solutions);
        partnerCenterFields = Map.copyOf(partnerCenterFields);
        warnings = List.copyOf(warnings);
    }
}
