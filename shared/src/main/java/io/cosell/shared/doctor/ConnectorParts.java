package io.cosell.shared.doctor;

import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.ConnectorSchema;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.usecase.RegistrationReport;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * The parts of a deployed connector the doctor's checks look at, reached the way the caller reaches them (the command
 * line with its settings and the operator's credentials, the admin function with its own beans). A part that is not
 * configured throws, with what is missing in its message: the check then fails with it.
 */
public interface ConnectorParts {

    /** Client-credentials tokens for Dataverse. */
    AccessTokenProvider dataverseTokens();

    /** The scope the Dataverse tokens are for. */
    String dataverseScope();

    /** Partner Center tokens from the stored sign-in, redeemed anew (never a token cached earlier). */
    AccessTokenProvider partnerCenterTokens();

    /** When the Partner Center refresh token was stored, if its store records it. */
    Optional<Instant> refreshTokenStoredAt();

    /** Dataverse's metadata Web API. */
    MetadataClient metadata();

    /** The schema the connector needs, as its mapping names it. */
    ConnectorSchema wantedSchema();

    MappingConfig mapping();

    /** Where the mapping comes from, in words ({@code the built-in mapping}, a file name). */
    String mappingSource();

    /** The state table's name. */
    String table();

    /** The state table's status as DynamoDB describes it, e.g. {@code ACTIVE}. */
    String tableStatus();

    QueueDepth syncQueueDepth();

    QueueDepth deadLetterQueueDepth();

    /** What Partner Center has registered for the referral events. */
    RegistrationReport webhookRegistration();

    /** This deployment's webhook URL (the receiver's Function URL). */
    URI expectedWebhookUrl();

    /** Until when a run holds the lease {@code lease}, if one is recorded. */
    Optional<Instant> leaseHeldUntil(String lease);

    /** When the cursor {@code cursor} last advanced, if it ever did. */
    Optional<Instant> cursorUpdatedAt(String cursor);

    /** When {@code bin/cosell migrate apply} ran, if it did. */
    Optional<Instant> migrationAppliedAt();
}
