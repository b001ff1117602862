package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.MappingProblem;
import io.cosell.shared.mapping.NewReferralTarget;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.state.ReferralLink;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Binds the records a mapped referral's record points at: the customer account and first contact (found or created
 * when the customer changed in Partner Center or nothing is bound yet, else the ones bound last time), the currency
 * by ISO code, and the lead an accepted referral's opportunity is converted from.
 */
final class RecordBinding {

    private static final String CONTACT_BIND = "parentcontactid@odata.bind";

    private final DataverseClient crm;
    private final MappingConfig config;
    private final CustomerRecords customers;
    private final CurrencyIds currencies;
    private final ObjectMapper json;

    RecordBinding(DataverseClient crm, MappingConfig config, CustomerRecords customers, ObjectMapper json) {
        this.crm = crm;
        this.config = config;
        this.customers = customers;
        this.currencies = new CurrencyIds(crm);
        this.json = json;
    }

    /** The record's columns as Partner Center has them, with account, contact and currency bound. */
    ObjectNode desired(MappedReferral mapped, Map<String, String> partnerCenterBefore, Map<String, String> base,
                       String owner) {
        ObjectNode columns = mapped.record().deepCopy();
        bindCustomer(columns, mapped, partnerCenterBefore, base, owner);
        bindCurrency(columns, mapped);
        return columns;
    }

    private void bindCustomer(ObjectNode columns, MappedReferral mapped, Map<String, String> partnerCenterBefore,
                              Map<String, String> base, String owner) {
        List<String> accountBinds = mapped.kind() == CrmRecordKind.LEAD
                ? List.of("parentaccountid@odata.bind", "customerid_account@odata.bind")
                : List.of("customerid_account@odata.bind", "parentaccountid@odata.bind");
        boolean customerChanged = !Objects.equals(partnerCenterBefore.get(ReferralFields.CUSTOMER),
                mapped.partnerCenterFields().get(ReferralFields.CUSTOMER));
        if (!customerChanged && base.containsKey(accountBinds.getFirst())) {
            for (String bind : accountBinds) {
                copyFrom(base, bind, columns);
            }
            copyFrom(base, CONTACT_BIND, columns);
            return;
        }
        CustomerRecords.Customer customer = customers.findOrCreate(mapped, owner);
        for (String bind : accountBinds) {
            columns.put(bind, "/" + EntitySet.ACCOUNTS.name() + "(" + customer.accountId() + ")");
        }
        customer.firstContact().ifPresent(contact -> columns.put(CONTACT_BIND, "/" + EntitySet.CONTACTS.name() + "(" + contact + ")"));
    }

    private void copyFrom(Map<String, String> base, String column, ObjectNode columns) {
        String value = base.get(column);
        if (value != null) {
            try {
                columns.set(column, json.readTree(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("snapshot value of " + column + " is not JSON: " + value, e);
            }
        }
    }

    private void bindCurrency(ObjectNode columns, MappedReferral mapped) {
        if (mapped.currency().isEmpty()) {
            return;
        }
        String iso = mapped.currency().get();
        UUID currency = currencies.idOf(iso).orElseThrow(() -> new CannotSync(MappingProblem.of(mapped.referralId(),
                "its currency " + iso + " is not set up in the CRM (add it under Settings > Currencies).").message()));
        columns.put(config.currencyLookup() + "@odata.bind",
                "/" + EntitySet.TRANSACTION_CURRENCIES.name() + "(" + currency + ")");
    }

    /**
     * The lead an accepted referral's opportunity is converted from: the one it was synced to before it was accepted,
     * when the connector writes leads and the referral is not linked to an opportunity yet.
     */
    Optional<CrmRecord> leadToConvert(MappedReferral mapped, Optional<ReferralLink> link) {
        if (mapped.kind() != CrmRecordKind.OPPORTUNITY || linkedTo(link, EntitySet.OPPORTUNITIES)) {
            return Optional.empty();
        }
        if (!linkedTo(link, EntitySet.LEADS) && config.newReferralBecomes() != NewReferralTarget.LEAD) {
            return Optional.empty();
        }
        return crm.findByAlternateKey(EntitySet.LEADS, config.connectorColumns().leadReferralId(), mapped.referralId(),
                List.of("leadid", InboundPlanner.STATECODE));
    }

    private static boolean linkedTo(Optional<ReferralLink> link, EntitySet set) {
        return link.filter(l -> l.crmRecord().entitySet().equals(set.name())).isPresent();
    }
}
