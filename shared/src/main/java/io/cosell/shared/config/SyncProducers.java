package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.sync.inbound.InboundSync;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.sync.outbound.CrmRecordOutboundSync;
import io.cosell.shared.sync.outbound.OutboundSync;
import io.cosell.shared.sync.reconcile.PendingRetryRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** CDI beans for the sync use cases, built from the shared clients and the customer's mapping. */
@ApplicationScoped
public class SyncProducers {

    @Produces
    @Singleton
    MappingConfig mappingConfig(MappingSettings settings, ObjectMapper json) {
        return mapping(settings, json);
    }

    /** The mapping {@code settings} name: its JSON, else its file, else the defaults. */
    static MappingConfig mapping(MappingSettings settings, ObjectMapper json) {
        return settings.json().or(() -> settings.file().map(SyncProducers::read))
                .map(text -> MappingConfig.fromJson(json, text))
                .orElseGet(MappingConfig::defaults);
    }

    @Produces
    @ApplicationScoped
    InboundSync inboundSync(ReferralClient partnerCenter, DataverseClient crm, SyncStateStore state, MappingConfig mapping,
                            ObjectMapper json) {
        return new PendingRetryRecorder(state, Clock.systemUTC())
                .inbound(new ReferralInboundSync(partnerCenter, crm, state, mapping, Clock.systemUTC(), json));
    }

    @Produces
    @ApplicationScoped
    OutboundSync outboundSync(DataverseClient crm, ReferralClient partnerCenter, SyncStateStore state,
                              MappingConfig mapping, ObjectMapper json) {
        return new PendingRetryRecorder(state, Clock.systemUTC())
                .outbound(new CrmRecordOutboundSync(crm, partnerCenter, state, mapping, Clock.systemUTC(), json));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("the mapping file " + file + " (cosell.mapping.file) could not be read", e);
        }
    }
}
