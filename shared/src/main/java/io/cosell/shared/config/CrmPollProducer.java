package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.migration.MigrationGate;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.sync.poll.CrmPollSettings;
import io.cosell.shared.sync.poll.CrmPoller;
import io.cosell.shared.usecase.CrmPoll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.util.List;

/**
 * Builds the {@link CrmPoller} from {@link CrmPollerConfig}, the customer's mapping (which columns it watches) and the
 * Dataverse and AWS beans of {@code shared}.
 */
@ApplicationScoped
public class CrmPollProducer {

    @Produces
    @ApplicationScoped
    CrmPoll crmPoll(CrmPollerConfig config, DataverseClient crm, SyncStateStore state, SyncQueue queue,
                    MappingConfig mapping, ObjectMapper json, MigrationConfig migration) {
        CrmPollSettings settings = new CrmPollSettings(config.mode(), config.leaseDuration(), config.runTimeLimit(),
                config.maxRowsPerRun(), config.dedupeTtl(), config.modifiedonOverlap(),
                CrmPollSettings.watchedColumns(mapping, config.extraWatchedColumns().orElse(List.of())),
                mapping.connectorColumns());
        CrmPoll poller = new CrmPoller(crm, state, queue, settings, Clock.systemUTC(), json);
        return migration.pending() ? new MigrationGate(state).poller(poller) : poller;
    }
}
