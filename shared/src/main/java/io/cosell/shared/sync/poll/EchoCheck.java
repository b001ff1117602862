package io.cosell.shared.sync.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.CrmRecord;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Is a changed row only the connector's own write coming back? Yes when every watched column of the row equals the
 * last-synced snapshot ({@link io.cosell.shared.state.SyncSnapshot#crmFields()}, compared as
 * {@link ComparableValue}s). A watched column the snapshot lacks had no value then (snapshots hold no nulls), so a
 * value in the row now is a difference: the check only ever says "echo" when nothing Partner Center would see
 * changed. A lookup column {@code _x_value} is also found in the snapshot as its bind {@code x@odata.bind} or
 * {@code x_<target>@odata.bind} (e.g. {@code customerid_account@odata.bind} for {@code _customerid_value}).
 */
final class EchoCheck {

    private static final String BIND_SUFFIX = "@odata.bind";

    private final List<String> watchedColumns;
    private final ComparableValue values;

    EchoCheck(List<String> watchedColumns, ObjectMapper json) {
        this.watchedColumns = List.copyOf(watchedColumns);
        this.values = new ComparableValue(json);
    }

    boolean isEcho(CrmRecord row, Map<String, String> snapshot) {
        for (String column : watchedColumns) {
            boolean name = column.equals(PollColumns.NAME);
            String current = ComparableValue.of(row.fields().get(column), name);
            String synced = values.ofSnapshot(snapshotValue(snapshot, column), name);
            if (!Objects.equals(current, synced)) {
                return false;
            }
        }
        return true;
    }

    private static String snapshotValue(Map<String, String> snapshot, String column) {
        if (snapshot.containsKey(column) || !column.startsWith("_") || !column.endsWith("_value")) {
            return snapshot.get(column);
        }
        String lookup = column.substring(1, column.length() - "_value".length());
        return snapshot.entrySet().stream()
                .filter(field -> field.getKey().endsWith(BIND_SUFFIX))
                .filter(field -> {
                    String navigation = field.getKey().substring(0, field.getKey().length() - BIND_SUFFIX.length());
                    return navigation.equals(lookup) || navigation.startsWith(lookup + "_");
                })
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
