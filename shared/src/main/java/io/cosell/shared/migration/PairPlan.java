package io.cosell.shared.migration;

import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.util.List;
import java.util.Map;

/**
 * A referral and the CRM record carrying its id, as {@code migrate apply} baselines them.
 *
 * @param differences       the mapped fields that differ (empty: the pair agrees)
 * @param snapshot          the last-synced snapshot that makes both sides' current state "no change": Partner
 *                          Center's mapped fields, the record's columns as Partner Center has them with the record's
 *                          own lookups and state, both version tags (revision 0: not stored yet)
 * @param crmValues         the record's current value per differing column, as snapshot text
 * @param partnerCenterPaths the Partner Center field (JSON Patch path) of each differing column, where it has one
 */
public record PairPlan(String referralId, CrmRecordRef record, String name, List<MigrationPlan.FieldDifference> differences,
                       SyncSnapshot snapshot, Map<String, String> crmValues, Map<String, String> partnerCenterPaths) {

    public PairPlan {
        differences = List.copyOf(differences);
        crmValues = Map.copyOf(crmValues);
        partnerCenterPaths = Map.copyOf(partnerCenterPaths);
    }

    public boolean agrees() {
        return differences.isEmpty();
    }
}
