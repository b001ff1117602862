package io.cosell.shared.crm;

import java.util.List;
import java.util.UUID;

/**
 * What changed in a table since the last delta link (or, for the initial load, every row): created and changed rows
 * with the selected columns, the ids of deleted rows, and the delta link to ask with next time.
 */
public record ChangePage(List<CrmRecord> rows, List<UUID> deletedIds, String deltaLink) {

    public ChangePage {
        rows = List.copyOf(rows);
        deletedIds = List.copyOf(deletedIds);
    }
}
