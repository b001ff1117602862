package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * A stack deployed over a CRM that Microsoft's connector kept in sync (template parameter {@code Migrating}):
 * environment name {@code COSELL_MIGRATION_PENDING}.
 */
@ConfigMapping(prefix = "cosell.migration")
public interface MigrationConfig {

    /**
     * The CRM poller and the reconciler stay off (they log what they would do) until {@code bin/cosell migrate apply}
     * has recorded the migration in the state table.
     */
    @WithDefault("false")
    boolean pending();
}
