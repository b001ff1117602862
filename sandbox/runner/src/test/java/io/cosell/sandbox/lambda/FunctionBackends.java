package io.cosell.sandbox.lambda;

import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a function talks to, as the sandbox runs it (emulators, DynamoDB Local with the sync table, ElasticMQ
 * with the sync queue and its dead-letter queue), and the environment that points a function at them.
 */
public final class FunctionBackends implements AutoCloseable {

    public static final String TABLE = "cosell-sync";
    public static final String QUEUE = "cosell-sync";

    private final EntraEmulator entra;
    private final PartnerCenterEmulator partnerCenter;
    private final DataverseEmulator dataverse;
    private final DynamoDbLocalServer dynamoDb;
    private final ElasticMqServer elasticMq;
    private final Map<String, String> environment;

    private FunctionBackends() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        // the event-shape ITs ask for more validation events a minute than Partner Center's documented 2 (which the
        // emulator's own tests hold it to)
        partnerCenter = PartnerCenterEmulator.start(0, entra,
                PartnerCenterSettings.sandboxDefaults().withValidationEventsPerMinute(100));
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        dynamoDb = DynamoDbLocalServer.start(0);
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, QUEUE + "-dlq", 5, 30)));
        try (DynamoDbClient client = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()))) {
            SyncStateTable.createIfMissing(client, TABLE);
        }
        environment = Sandbox.functionEnvironment(entra, partnerCenter, dataverse, dynamoDb, elasticMq);
    }

    public static FunctionBackends start() {
        return new FunctionBackends();
    }

    public PartnerCenterEmulator partnerCenter() {
        return partnerCenter;
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        Stream.<AutoCloseable>of(elasticMq, dynamoDb, dataverse, partnerCenter, entra).forEach(part -> {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("function backends: stopping a part failed: " + e);
            }
        });
    }
}
