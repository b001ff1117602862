package io.cosell.shared.vocabulary;



/**
 * One Dataverse record, named the way the Web API addresses it: entity set and primary key,
 * e.g. {@code opportunities} / {@code 8c0f6d1e-55aa-ee11-be37-000d3a1b2c3d}.
 */
public record CrmRecordRef(String entitySet, String id) {

    public CrmRecordRef {
        if (entitySet == null || entitySet.isBlank() || id == null || id.isBlank()) {
            throw new IllegalArgumentException("a CRM record needs an entity set and an id");
        }
        if (entitySet.contains("#")) {
            throw new IllegalArgumentException("an entity set name never contains '#': " + entitySet);
        }
    }
}
