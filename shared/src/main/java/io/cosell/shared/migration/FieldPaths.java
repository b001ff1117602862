package io.cosell.shared.migration;

import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.ReferralFields;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Partner Center field each mapped column holds, for labels and for settling a difference. */
final class FieldPaths {

    private FieldPaths() {
    }

    static Map<String, String> of(MappingConfig config, CrmRecordKind kind) {
        boolean lead = kind == CrmRecordKind.LEAD;
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(MigrationPlanner.nameColumn(kind), ReferralFields.NAME);
        paths.put(lead ? config.leadDealValueColumn() : config.dealValueColumn(), ReferralFields.DEAL_VALUE);
        paths.put(config.closeDateColumn(), ReferralFields.CLOSING_DATE);
        paths.put("description", ReferralFields.NOTES);
        if (!lead) {
            paths.put(config.connectorColumns().visibleToMicrosoft(), ReferralFields.VISIBLE_TO_MICROSOFT);
            paths.put(config.connectorColumns().microsoftHelp(), ReferralFields.MICROSOFT_HELP);
            paths.put(config.connectorColumns().microsoftCrmId(), ReferralFields.MICROSOFT_CRM_ID);
        }
        return paths;
    }

    static String label(String column, String path) {
        return path == null ? column : ReferralFields.label(path);
    }
}
