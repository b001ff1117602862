package io.cosell.cli;

import io.cosell.shared.migration.MigrationGate;

import java.time.Instant;
import java.util.Optional;

/** {@code doctor}'s report of the migration from Microsoft's connector: which state the connector is in. */
final class MigrationCheck {

    private MigrationCheck() {
    }

    static DoctorCheck.Result run(Services services) {
        Optional<Instant> applied = MigrationGate.appliedAt(services.state());
        return applied.map(at -> DoctorCheck.Result.ok("migration", "applied at " + at
                        + ": the CRM poller and the reconciler sync"))
                .orElseGet(() -> DoctorCheck.Result.ok("migration", "not applied: a stack deployed with Migrating=true "
                        + "only logs what its CRM poller and reconciler would do until `bin/cosell migrate apply` has run; "
                        + "one deployed with Migrating=false syncs"));
    }
}
