package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.RefreshTokenStore;
import io.cosell.shared.doctor.ConnectorDoctor;
import io.cosell.shared.secrets.SecretSource;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.Doctor;
import io.cosell.shared.usecase.InvocationDeadline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;

/**
 * The doctor the admin function runs, over the function's own clients and settings. Nothing it needs is read at
 * start-up: a part that is not configured (no Entra ID settings, no webhook URL) fails its check, not the function.
 */
@ApplicationScoped
public class DoctorProducer {

    @Produces
    @ApplicationScoped
    Doctor doctor(ConnectionConfig connection, AwsConfig aws, DoctorConfig doctor, MappingSettings mapping,
                  SecretSource secrets, Instance<RefreshTokenStore> refreshTokens, DynamoDbClient dynamoDb,
                  SqsClient sqs, SyncStateStore state, InvocationDeadline deadline, ObjectMapper json) {
        return new ConnectorDoctor(new FunctionParts(connection, aws, doctor, mapping, secrets, refreshTokens, dynamoDb,
                sqs, state, deadline, json), Clock.systemUTC());
    }
}
