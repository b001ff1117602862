package io.cosell.shared.mapping;

import io.cosell.shared.crm.EntitySet;

import java.util.Arrays;
import java.util.Optional;

/** The kind of CRM record that mirrors a referral. */
public enum CrmRecordKind {
    LEAD(EntitySet.LEADS),
    OPPORTUNITY(EntitySet.OPPORTUNITIES);

    private final EntitySet entitySet;

    CrmRecordKind(EntitySet entitySet) {
        this.entitySet = entitySet;
    }

    public EntitySet entitySet() {
        return entitySet;
    }

    /** The kind stored in an entity set, empty for any other set. */
    public static Optional<CrmRecordKind> ofEntitySet(String entitySetName) {
        return Arrays.stream(values()).filter(kind -> kind.entitySet.name().equals(entitySetName)).findFirst();
    }
}
