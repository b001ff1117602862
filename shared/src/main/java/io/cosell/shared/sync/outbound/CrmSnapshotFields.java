package io.cosell.shared.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.ReferralMapper;
import io.cosell.shared.referral.Referral;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CRM side of the snapshot an outbound sync saves, in the shape the inbound sync and the CRM poller compare against
 * ({@link io.cosell.shared.state.SyncSnapshot#crmFields()}): the columns the inbound mapping would write for the
 * referral, the lookups as binds, the solution rows, the state and the seller's referral response (so the poller
 * recognises the write-back as the connector's own).
 *
 * <p>Each column holds the CRM's actual value, written the way the inbound mapping writes it when the two mean the
 * same (a number of equal value, the same text). So the inbound sync of the referral as it is now (e.g. the
 * {@code referral-updated} event of our own PATCH) finds nothing to write, while a Partner Center value the CRM does
 * not have yet (a field Microsoft changed, merged after a 412) still shows as a difference that the inbound sync brings
 * into the CRM. Columns filled from the configuration's default values are taken as in sync: they carry no
 * Partner Center data, and the seller's value must not be overwritten by the default.
 */
final class CrmSnapshotFields {

    static final String SOLUTIONS_FIELD = "cosell_solutions";
    private static final String BIND = "@odata.bind";

    private final MappingConfig config;
    private final ReferralMapper inboundMapper;

    CrmSnapshotFields(MappingConfig config, ObjectMapper json) {
        this.config = config;
        this.inboundMapper = new ReferralMapper(config, json);
    }

    /**
     * @param opportunity        the opportunity's columns after the sync's write-back
     * @param solutionRows       its {@code cosell_solutions} rows
     * @param customerIsContact  whether the Potential Customer lookup points at a contact
     */
    Map<String, String> of(Referral referral, ObjectNode opportunity, List<ObjectNode> solutionRows,
                           boolean customerIsContact) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (inboundMapper.map(referral, Optional.of(CrmRecordKind.OPPORTUNITY)) instanceof MappedReferral mapped) {
            Set<String> defaults = config.defaultValues().opportunity().keySet();
            mapped.record().fields().forEachRemaining(column -> {
                JsonNode crmValue = opportunity.path(column.getKey());
                boolean inSync = defaults.contains(column.getKey()) || same(crmValue, column.getValue());
                fields.put(column.getKey(), (inSync ? column.getValue() : crmValue.isMissingNode()
                        ? JsonNodeFactory.instance.nullNode() : crmValue).toString());
            });
            fields.put(SOLUTIONS_FIELD, solutions(mapped.solutions(), solutionRows));
        }
        bind(fields, customerIsContact ? "customerid_contact" : "customerid_account", opportunity, "_customerid_value",
                customerIsContact ? EntitySet.CONTACTS : EntitySet.ACCOUNTS);
        bind(fields, "parentaccountid", opportunity, "_parentaccountid_value", EntitySet.ACCOUNTS);
        bind(fields, "parentcontactid", opportunity, "_parentcontactid_value", EntitySet.CONTACTS);
        bind(fields, config.currencyLookup(), opportunity, "_" + config.currencyLookup() + "_value",
                EntitySet.TRANSACTION_CURRENCIES);
        ConnectorColumns connector = config.connectorColumns();
        for (String column : List.of("statecode", "statuscode", connector.referralResponse(), connector.declineReason())) {
            JsonNode value = opportunity.get(column);
            if (value != null && !value.isNull()) {
                fields.put(column, value.toString());
            }
        }
        return fields;
    }

    /** The inbound mapping's rows when they are the CRM's solutions, else the CRM's rows in the same shape. */
    private String solutions(List<ObjectNode> mapped, List<ObjectNode> crmRows) {
        ConnectorColumns columns = config.connectorColumns();
        Set<String> mappedIds = ids(mapped, columns.solutionId());
        if (mappedIds.equals(ids(crmRows, columns.solutionId()))) {
            return array(mapped).toString();
        }
        return array(crmRows.stream().map(row -> {
            ObjectNode shaped = JsonNodeFactory.instance.objectNode();
            for (String column : List.of(columns.solutionId(), columns.solutionName(), columns.solutionType())) {
                JsonNode value = row.get(column);
                if (value != null && !value.isNull()) {
                    shaped.set(column, value);
                }
            }
            return shaped;
        }).toList()).toString();
    }

    private static Set<String> ids(List<ObjectNode> rows, String idColumn) {
        return rows.stream().map(row -> row.path(idColumn).asText(null)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    private static ArrayNode array(List<ObjectNode> rows) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        rows.forEach(array::add);
        return array;
    }

    private static void bind(Map<String, String> fields, String navigation, ObjectNode opportunity, String valueColumn,
                             EntitySet target) {
        JsonNode id = opportunity.get(valueColumn);
        if (id != null && !id.isNull() && !id.asText().isBlank()) {
            fields.put(navigation + BIND, JsonNodeFactory.instance.textNode("/" + target.name() + "(" + id.asText() + ")")
                    .toString());
        }
    }

    /** Same value: equal JSON, numbers of equal value, or both empty. */
    private static boolean same(JsonNode crm, JsonNode mapped) {
        boolean crmEmpty = crm == null || crm.isNull() || crm.isMissingNode();
        boolean mappedEmpty = mapped == null || mapped.isNull();
        if (crmEmpty || mappedEmpty) {
            return crmEmpty && mappedEmpty;
        }
        if (crm.isNumber() && mapped.isNumber()) {
            return crm.decimalValue().compareTo(mapped.decimalValue()) == 0;
        }
        return crm.equals(mapped);
    }
}
