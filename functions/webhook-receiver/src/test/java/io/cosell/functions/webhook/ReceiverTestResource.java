package io.cosell.functions.webhook;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the receiver runs against in its @QuarkusTest, configured as the sandbox configures it: the Partner Center
 * emulator's CA as trust anchor, its host allowed over http, its CA's organisation; DynamoDB Local and ElasticMQ.
 * Gives the test a signer ({@code Function<byte[], String> signer}: body → base64 signature), the certificate URL
 * ({@code String certificateUrl}), the SQS endpoint ({@code String sqsEndpoint}) and queue URL
 * ({@code String queueUrl}); JDK types only, because the test may live in another class loader.
 */
public class ReceiverTestResource implements QuarkusTestResourceLifecycleManager {

    static final String TABLE = "receiver-test";
    static final String QUEUE = "sync";

    private EntraEmulator entra;
    private PartnerCenterEmulator partnerCenter;
    private DynamoDbLocalServer dynamoDb;
    private ElasticMqServer elasticMq;

    @Override
    public Map<String, String> start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        dynamoDb = DynamoDbLocalServer.start(0);
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, QUEUE + "-dlq", 3, 30)));
        try (DynamoDbClient client = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()))) {
            SyncStateTable.createIfMissing(client, TABLE);
        }
        return Map.of(
                "cosell.aws.endpoint-dynamodb", dynamoDb.endpoint().toString(),
                "cosell.aws.endpoint-sqs", elasticMq.endpoint().toString(),
                "cosell.sync-table", TABLE,
                "cosell.sync-queue-url", elasticMq.queueUrl(QUEUE),
                "cosell.webhook-receiver.http-certificate-hosts", partnerCenter.baseUri().getHost(),
                "cosell.webhook-receiver.trust-anchors", pem(),
                "cosell.webhook-receiver.required-issuer-organization", "Co-sell Sandbox");
    }

    private String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(partnerCenter.signingCaCertificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        Function<byte[], String> signer = partnerCenter::signWebhookBody;
        injector.injectIntoFields(signer, field -> field.getName().equals("signer"));
        injector.injectIntoFields(partnerCenter.webhookCertificateUrl().toString(),
                field -> field.getName().equals("certificateUrl"));
        injector.injectIntoFields(elasticMq.endpoint().toString(), field -> field.getName().equals("sqsEndpoint"));
        injector.injectIntoFields(elasticMq.queueUrl(QUEUE), field -> field.getName().equals("queueUrl"));
    }

    @Override
    public void stop() {
        elasticMq.close();
        dynamoDb.close();
        partnerCenter.close();
        entra.close();
    }
}
