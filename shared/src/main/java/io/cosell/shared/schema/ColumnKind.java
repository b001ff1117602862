package io.cosell.shared.schema;

import java.util.Set;

/** The Dataverse column types the connector's schema uses, with the metadata {@code AttributeType}s that fit each. */
public enum ColumnKind {
    TEXT("String", Set.of("String")),
    MEMO("Memo", Set.of("Memo", "String")),
    BOOLEAN("Boolean", Set.of("Boolean")),
    CHOICE("Picklist", Set.of("Picklist")),
    LOOKUP("Lookup", Set.of("Lookup"));

    private final String attributeType;
    private final Set<String> compatible;

    ColumnKind(String attributeType, Set<String> compatible) {
        this.attributeType = attributeType;
        this.compatible = compatible;
    }

    /** The {@code AttributeType} the install creates. */
    public String attributeType() {
        return attributeType;
    }

    /** True when an existing column of this {@code AttributeType} can hold what the connector writes. */
    public boolean accepts(String existingAttributeType) {
        return compatible.contains(existingAttributeType);
    }
}
