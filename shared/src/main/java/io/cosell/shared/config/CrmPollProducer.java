package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.sync.poll.CrmPollSettings;
import io.cosell.shared.sync.poll.CrmPoller;
import io.cosell.shared.usecase.CrmPoll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Builds the {@link CrmPoller} from {@link CrmPollerConfig} and the Dataverse and AWS beans of {@code shared}. */
@ApplicationScoped
public class CrmPollProducer {

    @Produces
    @ApplicationScoped
    CrmPoll crmPoll(CrmPollerConfig config, DataverseClient crm, SyncStateStore state, SyncQueue queue,
                    ObjectMapper json) {
        CrmPollSettings settings = new CrmPollSettings(config.mode(), config.leaseDuration(), config.runTimeLimit(),
                config.maxRowsPerRun(), config.dedupeTtl(), config.modifiedonOverlap(), config.watchedColumns());
        return new CrmPoller(crm, state, queue, settings, Clock.systemUTC(), json);
    }
}
