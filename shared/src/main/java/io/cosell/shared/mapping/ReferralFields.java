package io.cosell.shared.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cosell.shared.referral.Address;
import io.cosell.shared.referral.Member;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.referral.SolutionTag;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Partner Center fields the connector syncs, each as text under its JSON Patch path (the path a PATCH back to
 * Partner Center would use), for the snapshot and for change detection. Absent values are left out.
 * Composite values: {@link #CUSTOMER} is the customer profile (name, address, contacts) as JSON, {@link #TEAM} lists
 * "First Last &lt;email&gt;" joined by "; ", {@link #SOLUTIONS} lists the solution ids joined by ", ".
 */
public final class ReferralFields {

    public static final String NAME = "/name";
    public static final String DEAL_VALUE = "/details/dealValue";
    public static final String CURRENCY = "/details/currency";
    public static final String CLOSING_DATE = "/details/closingDateTime";
    public static final String NOTES = "/details/notes";
    public static final String STATUS = "/status";
    public static final String SUBSTATUS = "/substatus";
    public static final String MICROSOFT_CRM_ID = "/trackingInfo/microsoftMsxId";
    public static final String VISIBLE_TO_MICROSOFT = "/consent/consentToShareReferralWithMicrosoftSellers";
    public static final String MICROSOFT_HELP = "/inviteContext/assistanceRequestCode";
    public static final String CUSTOMER = "/customerProfile";
    public static final String TEAM = "/team";
    public static final String SOLUTIONS = "/details/requirements/solutions";

    private ReferralFields() {
    }

    /** The field in a seller's words, e.g. "deal value" for {@link #DEAL_VALUE}. */
    public static String label(String path) {
        return switch (path) {
            case NAME -> "name";
            case DEAL_VALUE -> "deal value";
            case CURRENCY -> "currency";
            case CLOSING_DATE -> "close date";
            case NOTES -> "notes";
            case STATUS -> "status";
            case SUBSTATUS -> "substatus";
            case MICROSOFT_CRM_ID -> "Microsoft CRM id";
            case VISIBLE_TO_MICROSOFT -> "visibility to Microsoft sellers";
            case MICROSOFT_HELP -> "Microsoft help";
            case CUSTOMER -> "customer details";
            case TEAM -> "deal team";
            case SOLUTIONS -> "solutions";
            default -> path;
        };
    }

    /**
     * The customer details as snapshotted: the profile's name, address (without unnamed fields) and contacts, nulls
     * left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CustomerText(String name, Address address, List<Member> team) {
    }

    /** @param json the connector's mapper, for the customer details */
    public static Map<String, String> of(Referral referral, ReferralJson json) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, NAME, referral.name());
        put(fields, STATUS, referral.status());
        put(fields, SUBSTATUS, referral.substatus());
        if (referral.details() != null) {
            put(fields, DEAL_VALUE, plain(referral.details().dealValue()));
            put(fields, CURRENCY, referral.details().currency());
            put(fields, CLOSING_DATE, referral.details().closingDateTime());
            put(fields, NOTES, referral.details().notes());
            if (referral.details().requirements() != null) {
                put(fields, SOLUTIONS, join(referral.details().requirements().solutions(), SolutionTag::id, ", "));
            }
        }
        if (referral.trackingInfo() != null) {
            put(fields, MICROSOFT_CRM_ID, referral.trackingInfo().microsoftMsxId());
        }
        if (referral.consent() != null) {
            put(fields, VISIBLE_TO_MICROSOFT, referral.consent().consentToShareReferralWithMicrosoftSellers());
        }
        if (referral.inviteContext() != null) {
            put(fields, MICROSOFT_HELP, referral.inviteContext().assistanceRequestCode());
        }
        if (referral.customerProfile() != null) {
            var customer = referral.customerProfile();
            CustomerText profile = new CustomerText(customer.name(),
                    customer.address() == null ? null : addressWithoutExtras(customer.address()), customer.team());
            fields.put(CUSTOMER, new String(json.write(profile), StandardCharsets.UTF_8));
        }
        put(fields, TEAM, join(referral.team(), ReferralFields::person, "; "));
        return fields;
    }

    private static String person(Member member) {
        String name = ((member.firstName() == null ? "" : member.firstName()) + " "
                + (member.lastName() == null ? "" : member.lastName())).trim();
        return member.email() == null || member.email().isBlank() ? name : (name + " <" + member.email() + ">").trim();
    }

    private static Address addressWithoutExtras(Address address) {
        return new Address(address.addressLine1(), address.addressLine2(), address.city(), address.state(),
                address.postalCode(), address.country(), address.region(), Map.of());
    }

    private static <T> String join(List<T> items, Function<T, String> text, String separator) {
        if (items == null || items.isEmpty()) {
            return null;
        }
        return items.stream().filter(Objects::nonNull).map(text).filter(Objects::nonNull)
                .collect(Collectors.joining(separator));
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static void put(Map<String, String> fields, String path, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            fields.put(path, value.toString());
        }
    }
}
