package io.cosell.shared.schema;

import java.util.List;

/** An alternate key: upserts by the referral id (and the catalogue's solution id) need its index to be active. */
public record KeySpec(String table, String name, List<String> columns) {

    public KeySpec {
        columns = List.copyOf(columns);
    }

    public String qualifiedName() {
        return table + "." + name;
    }
}
