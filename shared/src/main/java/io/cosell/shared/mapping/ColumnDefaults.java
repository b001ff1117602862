package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Values for columns a customer's CRM makes mandatory (or wants filled) that Partner Center has no data for, per
 * table: column (or {@code <navigation>@odata.bind}) → JSON value. Mapped values win over defaults.
 */
public record ColumnDefaults(Map<String, JsonNode> opportunity, Map<String, JsonNode> lead,
                             Map<String, JsonNode> account, Map<String, JsonNode> contact) {

    public static ColumnDefaults none() {
        return new ColumnDefaults(Map.of(), Map.of(), Map.of(), Map.of());
    }

    public ColumnDefaults {
        opportunity = opportunity == null ? Map.of() : Map.copyOf(opportunity);
        lead = lead == null ? Map.of() : Map.copyOf(lead);
        account = account == null ? Map.of() : Map.copyOf(account);
        contact = contact == null ? Map.of() : Map.copyOf(contact);
    }
}
