package io.cosell.shared.mapping;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types of this package that Jackson binds (the mapping configuration, the snapshotted customer details),
 * registered for reflection so native executables can read and write them. {@code ReflectionRegistrationTest} fails
 * when a bound type is missing here.
 */
@RegisterForReflection(targets = {MappingConfig.class, ColumnDefaults.class, ConflictWinner.class,
        ConnectorColumns.class, CountryMapping.class, CountryMode.class, NewReferralTarget.class, ReferralTaxonomy.class,
        ReferralFields.CustomerText.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
