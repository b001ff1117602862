package io.cosell.cli;

import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.doctor.ConnectorParts;
import io.cosell.shared.doctor.QueueDepth;
import io.cosell.shared.doctor.StateTableReadings;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.migration.MigrationGate;
import io.cosell.shared.schema.ConnectorSchema;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.usecase.RegistrationReport;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** The connector's parts as the command line reaches them: its settings and the operator's credentials. */
final class ServicesParts implements ConnectorParts {

    private final Services services;

    ServicesParts(Services services) {
        this.services = services;
    }

    @Override
    public AccessTokenProvider dataverseTokens() {
        return services.dataverseTokens();
    }

    @Override
    public String dataverseScope() {
        return services.settings.dataverseScope().orElse("");
    }

    @Override
    public AccessTokenProvider partnerCenterTokens() {
        return services.partnerCenterTokens();
    }

    @Override
    public Optional<Instant> refreshTokenStoredAt() {
        return services.refreshTokenStoredAt();
    }

    @Override
    public MetadataClient metadata() {
        return services.metadata();
    }

    @Override
    public ConnectorSchema wantedSchema() {
        return services.schema();
    }

    @Override
    public MappingConfig mapping() {
        return services.mapping();
    }

    @Override
    public String mappingSource() {
        return services.settings.mappingFile().map(Object::toString).orElse("the built-in mapping");
    }

    @Override
    public String table() {
        return services.settings.table();
    }

    @Override
    public String tableStatus() {
        return stateTable().status();
    }

    @Override
    public QueueDepth syncQueueDepth() {
        return QueueDepth.of(services.sqs(), services.settings.requireQueue());
    }

    @Override
    public QueueDepth deadLetterQueueDepth() {
        return QueueDepth.of(services.sqs(), services.settings.requireDlq());
    }

    @Override
    public RegistrationReport webhookRegistration() {
        return services.registrar().show();
    }

    @Override
    public URI expectedWebhookUrl() {
        return services.settings.requireWebhookUrl();
    }

    @Override
    public Optional<Instant> leaseHeldUntil(String lease) {
        return stateTable().leaseHeldUntil(lease);
    }

    @Override
    public Optional<Instant> cursorUpdatedAt(String cursor) {
        return stateTable().cursorUpdatedAt(cursor);
    }

    @Override
    public Optional<Instant> migrationAppliedAt() {
        return MigrationGate.appliedAt(services.state());
    }

    private StateTableReadings stateTable() {
        return new StateTableReadings(services.dynamoDb(), services.settings.table());
    }
}
