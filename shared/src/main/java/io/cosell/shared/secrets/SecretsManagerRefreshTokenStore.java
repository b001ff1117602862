package io.cosell.shared.secrets;

import io.cosell.shared.auth.RefreshTokenStore;
import io.cosell.shared.auth.StoredRefreshToken;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The Partner Center refresh token in AWS Secrets Manager, read and written with the AWS SDK (not through the
 * Parameters and Secrets Lambda Extension, whose cache could hand out a token older than the one stored).
 *
 * <p>Reading takes the version labelled {@code AWSCURRENT} and remembers its version id. Storing a rotated token is a
 * compare-and-swap in two calls: {@code PutSecretValue} adds it as a new version labelled only {@value #ROTATED_STAGE}
 * (a fresh {@code ClientRequestToken}, so an SDK retry of the same call creates no second version), then
 * {@code UpdateSecretVersionStage} moves {@code AWSCURRENT} to it with {@code RemoveFromVersionId} = the version that
 * was redeemed. Secrets Manager refuses that move when {@code AWSCURRENT} is no longer on that version, so a token
 * redeemed from an older version never replaces one another environment stored in between. The function's role
 * needs {@code secretsmanager:GetSecretValue}, {@code PutSecretValue} and {@code UpdateSecretVersionStage} on this
 * secret.
 */
public final class SecretsManagerRefreshTokenStore implements RefreshTokenStore {

    static final String CURRENT_STAGE = "AWSCURRENT";
    /** Labels a written version until it becomes current (a version without labels may be deleted). */
    static final String ROTATED_STAGE = "COSELL_ROTATED";

    private final SecretsManagerClient secrets;
    private final String secretId;

    public SecretsManagerRefreshTokenStore(SecretsManagerClient secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    @Override
    public Optional<StoredRefreshToken> load() {
        try {
            GetSecretValueResponse current = secrets.getSecretValue(b -> b.secretId(secretId).versionStage(CURRENT_STAGE));
            String value = current.secretString() == null ? "" : current.secretString().strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(new StoredRefreshToken(value, current.versionId()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The creation date of the version labelled {@code AWSCURRENT}. */
    @Override
    public Optional<Instant> storedAt() {
        try {
            return Optional.ofNullable(secrets.getSecretValue(b -> b.secretId(secretId).versionStage(CURRENT_STAGE))
                    .createdDate());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean replace(StoredRefreshToken redeemed, String rotated) {
        PutSecretValueResponse written = secrets.putSecretValue(b -> b.secretId(secretId).secretString(rotated)
                .clientRequestToken(UUID.randomUUID().toString()).versionStages(ROTATED_STAGE));
        try {
            secrets.updateSecretVersionStage(b -> b.secretId(secretId).versionStage(CURRENT_STAGE)
                    .moveToVersionId(written.versionId()).removeFromVersionId(redeemed.version()));
            return true;
        } catch (InvalidParameterException | InvalidRequestException movedByAnotherWriter) {
            return false;
        }
    }
}
