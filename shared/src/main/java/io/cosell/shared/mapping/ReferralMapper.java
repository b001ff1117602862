package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.Address;
import io.cosell.shared.referral.CustomerProfile;
import io.cosell.shared.referral.Member;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralDetails;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.referral.ReferralStatus;
import io.cosell.shared.referral.ReferralSubstatus;
import io.cosell.shared.referral.SolutionTag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a Partner Center referral to CRM rows, as the {@link MappingConfig} says. Pure: no I/O, same input, same output.
 *
 * <p>Opportunity: name ← {@code name} (customer name when empty; ✔ prefix when check marks are on), deal value column
 * ← {@code details.dealValue}, close date column ← {@code details.closingDateTime} (UTC date), {@code description} ←
 * {@code details.notes}, sync-with-Partner-Center ← true, referral link ← the configured template,
 * Microsoft CRM id ← {@code trackingInfo.microsoftMsxId}, visible-to-Microsoft ←
 * {@code consent.consentToShareReferralWithMicrosoftSellers}, Microsoft help ← the option of
 * {@code inviteContext.assistanceRequestCode}. Deal value, close date, notes and Microsoft CRM id are written as null
 * when Partner Center has none, so a value removed there is cleared in the CRM.
 *
 * <p>Lead: subject ← name (as above), {@code companyname} ← customer name, {@code firstname}/{@code lastname}/
 * {@code emailaddress1}/{@code telephone1}/{@code jobtitle} ← the first customer contact, lead deal value column,
 * close date, description, {@code address1_*} ← the customer address (country as its two-letter code).
 *
 * <p>Account: {@code name}, {@code address1_line1}, {@code address1_city}, {@code address1_stateorprovince},
 * {@code address1_postalcode} and the configured country column ← the customer profile. Contact per customer team
 * member: {@code firstname}, {@code lastname} (when missing: the first name, else the e-mail's local part, else
 * "Customer contact"), {@code emailaddress1}, {@code telephone1}, {@code jobtitle} (← the member's {@code title}).
 * Solutions: one row per {@code details.requirements.solutions} entry with an id (name falls back to the id).
 *
 * <p>State: see {@link CrmStage}. Values Partner Center adds later (a status, an assistance code, a solution type)
 * are kept harmlessly: the state is left as it is, the help column is not written, the type is copied as text; each
 * such surprise is reported in {@link MappedReferral#warnings()}.
 */
public final class ReferralMapper {

    static final int NAME_MAX = 300;
    static final int ACCOUNT_NAME_MAX = 160;
    static final int DESCRIPTION_MAX = 2000;
    static final int COMPANY_NAME_MAX = 100;

    private final MappingConfig config;
    private final ReferralJson json;

    public ReferralMapper(MappingConfig config, ObjectMapper json) {
        this.config = config;
        this.json = new ReferralJson(json);
    }

    /**
     * @param linkedKind the kind of CRM record already linked to the referral, if any (an opportunity never turns
     *                   back into a lead)
     */
    public MappingResult map(Referral referral, Optional<CrmRecordKind> linkedKind) {
        String id = referral.id();
        CustomerProfile customer = referral.customerProfile();
        if (customer == null || isBlank(customer.name())) {
            return MappingProblem.of(id, "the customer's company name is missing in Partner Center.");
        }
        List<String> warnings = new ArrayList<>();
        CrmRecordKind kind = kind(referral, linkedKind);
        Optional<CrmStage> stage = stage(referral, kind, warnings);
        ObjectNode record = kind == CrmRecordKind.OPPORTUNITY ? opportunity(referral, warnings) : lead(referral);
        ObjectNode account = account(customer);
        ObjectNode match = CrmColumns.empty();
        for (String column : config.accountMatchColumns()) {
            JsonNode value = account.get(column);
            match.set(column, value == null ? match.nullNode() : value);
        }
        List<ObjectNode> contacts = customer.team() == null ? List.of()
                : customer.team().stream().filter(m -> m != null).map(this::contact).toList();
        Optional<String> currency = details(referral).map(ReferralDetails::currency).filter(c -> !c.isBlank());
        return new MappedReferral(id, kind, stage, record, account, match, contacts, solutions(referral), currency,
                ReferralFields.of(referral, json), warnings);
    }

    private CrmRecordKind kind(Referral referral, Optional<CrmRecordKind> linkedKind) {
        boolean accepted = ReferralStatus.ACTIVE.equals(referral.status())
                || ReferralSubstatus.ACCEPTED.equals(referral.substatus())
                || ReferralSubstatus.WON.equals(referral.substatus())
                || referral.acceptedDateTime() != null;
        boolean opportunity = accepted || config.newReferralBecomes() == NewReferralTarget.OPPORTUNITY
                || linkedKind.filter(k -> k == CrmRecordKind.OPPORTUNITY).isPresent();
        return opportunity ? CrmRecordKind.OPPORTUNITY : CrmRecordKind.LEAD;
    }

    private static Optional<CrmStage> stage(Referral referral, CrmRecordKind kind, List<String> warnings) {
        ReferralStatus status = referral.status();
        ReferralSubstatus substatus = referral.substatus();
        boolean lead = kind == CrmRecordKind.LEAD;
        if (ReferralStatus.NEW.equals(status) || ReferralStatus.ACTIVE.equals(status)) {
            return Optional.of(lead ? CrmStage.LEAD_OPEN : CrmStage.OPPORTUNITY_OPEN);
        }
        if (ReferralStatus.CLOSED.equals(status)) {
            if (ReferralSubstatus.WON.equals(substatus)) {
                return Optional.of(CrmStage.OPPORTUNITY_WON);
            }
            if (ReferralSubstatus.LOST.equals(substatus)) {
                return Optional.of(lead ? CrmStage.LEAD_LOST : CrmStage.OPPORTUNITY_LOST);
            }
            if (ReferralSubstatus.DECLINED.equals(substatus) || ReferralSubstatus.EXPIRED.equals(substatus)) {
                return Optional.of(lead ? CrmStage.LEAD_CANCELED : CrmStage.OPPORTUNITY_LOST);
            }
        }
        warnings.add("Partner Center status " + status + "/" + substatus
                + " is not one the connector knows; the CRM state was left as it is");
        return Optional.empty();
    }

    private ObjectNode opportunity(Referral referral, List<String> warnings) {
        ConnectorColumns connector = config.connectorColumns();
        ObjectNode row = withDefaults(config.defaultValues().opportunity());
        row.put("name", recordName(referral));
        putDeal(row, referral, config.dealValueColumn());
        row.put(connector.syncWithPartnerCenter(), true);
        row.put(connector.referralLink(), config.referralLink(referral.id(), referral.engagementId()));
        row.put(connector.microsoftCrmId(),
                referral.trackingInfo() == null ? null : blankToNull(referral.trackingInfo().microsoftMsxId()));
        if (referral.consent() != null && referral.consent().consentToShareReferralWithMicrosoftSellers() != null) {
            row.put(connector.visibleToMicrosoft(), referral.consent().consentToShareReferralWithMicrosoftSellers());
        }
        String help = referral.inviteContext() == null ? null : referral.inviteContext().assistanceRequestCode();
        if (!isBlank(help)) {
            Integer option = config.microsoftHelpValues().get(help);
            if (option != null) {
                row.put(connector.microsoftHelp(), option);
            } else if (!"Unknown".equals(help)) {
                warnings.add("Microsoft help '" + help + "' has no choice in the CRM; the column was not changed");
            }
        }
        return row;
    }

    private ObjectNode lead(Referral referral) {
        CustomerProfile customer = referral.customerProfile();
        ObjectNode row = withDefaults(config.defaultValues().lead());
        row.put("subject", recordName(referral));
        row.put("companyname", limit(customer.name().strip(), COMPANY_NAME_MAX));
        firstContact(customer).ifPresent(member -> person(row, member));
        putDeal(row, referral, config.leadDealValueColumn());
        Address address = customer.address();
        if (address != null) {
            putText(row, "address1_line1", address.addressLine1());
            putText(row, "address1_city", address.city());
            putText(row, "address1_stateorprovince", address.state());
            putText(row, "address1_postalcode", address.postalCode());
            putText(row, "address1_country", countryCode(address));
        }
        return row;
    }

    private ObjectNode account(CustomerProfile customer) {
        ObjectNode row = withDefaults(config.defaultValues().account());
        row.put("name", limit(CheckMark.strip(customer.name().strip()), ACCOUNT_NAME_MAX));
        Address address = customer.address();
        if (address != null) {
            putText(row, "address1_line1", address.addressLine1());
            putText(row, "address1_city", address.city());
            putText(row, "address1_stateorprovince", address.state());
            putText(row, "address1_postalcode", address.postalCode());
            putText(row, config.accountCountry().codeColumn(), countryCode(address));
        }
        return row;
    }

    private ObjectNode contact(Member member) {
        ObjectNode row = withDefaults(config.defaultValues().contact());
        person(row, member);
        return row;
    }

    private static void person(ObjectNode row, Member member) {
        String first = blankToNull(member.firstName());
        String last = blankToNull(member.lastName());
        String email = blankToNull(member.email());
        if (last == null) {
            last = first != null ? first : email != null ? localPart(email) : "Customer contact";
            first = first != null && last.equals(first) ? null : first;
        }
        putText(row, "firstname", first);
        row.put("lastname", last);
        putText(row, "emailaddress1", email);
        putText(row, "telephone1", member.phoneNumber());
        JsonNode title = member.otherFields().get("title");
        putText(row, "jobtitle", title == null || !title.isTextual() ? null : title.asText());
    }

    private static String localPart(String email) {
        int at = email.indexOf('@');
        return at > 0 ? email.substring(0, at) : email;
    }

    private List<ObjectNode> solutions(Referral referral) {
        List<SolutionTag> tags = details(referral).map(ReferralDetails::requirements)
                .map(r -> r.solutions() == null ? List.<SolutionTag>of() : r.solutions()).orElse(List.of());
        ConnectorColumns connector = config.connectorColumns();
        List<ObjectNode> rows = new ArrayList<>();
        for (SolutionTag tag : tags) {
            if (tag == null || isBlank(tag.id())) {
                continue;
            }
            ObjectNode row = CrmColumns.empty();
            row.put(connector.solutionId(), tag.id().strip());
            row.put(connector.solutionName(), isBlank(tag.name()) ? tag.id().strip() : tag.name().strip());
            putText(row, connector.solutionType(), tag.type());
            rows.add(row);
        }
        return rows;
    }

    /** Deal value, close date and notes: null when Partner Center has none, so a removed value is cleared. */
    private void putDeal(ObjectNode row, Referral referral, String valueColumn) {
        Optional<ReferralDetails> details = details(referral);
        BigDecimal value = details.map(ReferralDetails::dealValue).orElse(null);
        row.put(valueColumn, value);
        Instant closing = details.map(ReferralDetails::closingDateTime).orElse(null);
        row.put(config.closeDateColumn(), closing == null ? null : closing.atZone(ZoneOffset.UTC).toLocalDate().toString());
        row.put("description", details.map(ReferralDetails::notes).map(n -> limit(n, DESCRIPTION_MAX)).orElse(null));
    }

    private String recordName(Referral referral) {
        String name = isBlank(referral.name()) ? referral.customerProfile().name() : referral.name();
        return limit(CheckMark.mark(name.strip(), true, config.checkMarks()), NAME_MAX);
    }

    private static Optional<Member> firstContact(CustomerProfile customer) {
        return customer.team() == null ? Optional.empty()
                : customer.team().stream().filter(m -> m != null).findFirst();
    }

    private static String countryCode(Address address) {
        String country = blankToNull(address.country());
        return country == null ? null : country.strip().toUpperCase(Locale.ROOT);
    }

    private static Optional<ReferralDetails> details(Referral referral) {
        return Optional.ofNullable(referral.details());
    }

    private static ObjectNode withDefaults(Map<String, JsonNode> defaults) {
        ObjectNode row = CrmColumns.empty();
        defaults.forEach((column, value) -> row.set(column, value.deepCopy()));
        return row;
    }

    private static void putText(ObjectNode row, String column, String value) {
        String text = blankToNull(value);
        if (text != null) {
            row.put(column, text.strip());
        }
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
