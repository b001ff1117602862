package io.cosell.shared.vocabulary;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The sync message and its parts, registered for reflection so native executables can read and write them. Only an
 * annotation: the package still depends on no other code. {@code ReflectionRegistrationTest} fails when a bound type
 * is missing here.
 */
@RegisterForReflection(targets = {SyncMessage.class, CrmRecordRef.class, SyncDirection.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
