package io.cosell.shared.doctor;

import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.ConnectorSchema;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.usecase.RegistrationReport;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A healthy deployment's parts, each changeable by a test; the metadata API is not configured (the schema and mapping
 * checks have their end-to-end tests over the Dataverse emulator).
 */
final class StubParts implements ConnectorParts {

    static final URI WEBHOOK_URL = URI.create("https://abc.lambda-url.eu-west-1.on.aws/");

    AccessTokenProvider partnerCenterTokens = tokens(() -> "pc-token");
    Optional<Instant> refreshTokenStoredAt;
    long deadLetters;
    RegistrationReport registration = new RegistrationReport(true, WEBHOOK_URL, List.of("referral-created",
            "referral-updated", "related-referral-created", "related-referral-updated"), "registered");
    final Map<String, Instant> leases = new HashMap<>();
    final Map<String, Instant> cursors = new HashMap<>();

    StubParts(Instant now) {
        refreshTokenStoredAt = Optional.of(now.minusSeconds(3 * 3600));
        cursors.put("crm-poller#opportunities", now.minusSeconds(30));
        cursors.put("reconciler#referrals", now.minusSeconds(600));
    }

    @Override
    public AccessTokenProvider dataverseTokens() {
        return tokens(() -> "dataverse-token");
    }

    @Override
    public String dataverseScope() {
        return "https://contoso.crm4.dynamics.com/.default";
    }

    @Override
    public AccessTokenProvider partnerCenterTokens() {
        return partnerCenterTokens;
    }

    /** Tokens from {@code source}: it may throw as a refused sign-in does. */
    static AccessTokenProvider tokens(java.util.function.Supplier<String> source) {
        return new AccessTokenProvider() {
            @Override
            public String accessToken() {
                return source.get();
            }

            @Override
            public void invalidate(String rejected) {
            }
        };
    }

    @Override
    public Optional<Instant> refreshTokenStoredAt() {
        return refreshTokenStoredAt;
    }

    @Override
    public MetadataClient metadata() {
        throw new IllegalStateException("no Dataverse URL");
    }

    @Override
    public ConnectorSchema wantedSchema() {
        return ConnectorSchema.of(mapping());
    }

    @Override
    public MappingConfig mapping() {
        return MappingConfig.defaults();
    }

    @Override
    public String mappingSource() {
        return "the built-in mapping";
    }

    @Override
    public String table() {
        return "cosell-sync";
    }

    @Override
    public String tableStatus() {
        return "ACTIVE";
    }

    @Override
    public QueueDepth syncQueueDepth() {
        return new QueueDepth("https://sqs/cosell-sync", 2, 1);
    }

    @Override
    public QueueDepth deadLetterQueueDepth() {
        return new QueueDepth("https://sqs/cosell-sync-dlq", deadLetters, 0);
    }

    @Override
    public RegistrationReport webhookRegistration() {
        return registration;
    }

    @Override
    public URI expectedWebhookUrl() {
        return WEBHOOK_URL;
    }

    @Override
    public Optional<Instant> leaseHeldUntil(String lease) {
        return Optional.ofNullable(leases.get(lease));
    }

    @Override
    public Optional<Instant> cursorUpdatedAt(String cursor) {
        return Optional.ofNullable(cursors.get(cursor));
    }

    @Override
    public Optional<Instant> migrationAppliedAt() {
        return Optional.empty();
    }
}
