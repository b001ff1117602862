package io.cosell.cli;

import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --stack}: the command line asks CloudFormation's DescribeStacks (a stand-in speaking its query protocol,
 * with AWS's documented response shape) for the stack's outputs and works on the table and queues they name, here
 * DynamoDB Local and ElasticMQ; a stack that does not exist stops the command with one line.
 */
class StackOutputsIT {

    private static final String TABLE = "stack-it-sync";
    private static final String QUEUE = "stack-it-sync";
    private static final String DLQ = "stack-it-sync-dlq";
    private static final String REGION = "eu-west-1";

    private static CloudFormationStub cloudFormation;
    private static DynamoDbLocalServer dynamoDbLocal;
    private static ElasticMqServer elasticMq;

    @BeforeAll
    static void start() {
        cloudFormation = new CloudFormationStub();
        dynamoDbLocal = DynamoDbLocalServer.start(0);
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, DLQ, 5, 30)));
        // DynamoDB Local keeps one database per region: the stack's
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(new AwsClientSettings(REGION, Optional.of(dynamoDbLocal.endpoint())));
             SqsClient sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()))) {
            SyncStateTable.createIfMissing(dynamoDb, TABLE);
            for (String body : List.of("{\"n\":1}", "{\"n\":2}")) {
                sqs.sendMessage(b -> b.queueUrl(elasticMq.queueUrl(QUEUE)).messageBody(body));
            }
            sqs.sendMessage(b -> b.queueUrl(elasticMq.queueUrl(DLQ)).messageBody("{\"n\":3}"));
        }
        cloudFormation.stack("cosell-test", CloudFormationStub.resource("describe-stacks.xml", Map.of("table", TABLE,
                "queueUrl", elasticMq.queueUrl(QUEUE), "dlqUrl", elasticMq.queueUrl(DLQ))));
    }

    @AfterAll
    static void stop() {
        elasticMq.close();
        dynamoDbLocal.close();
        cloudFormation.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run cosell(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CosellCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("COSELL_AWS_ENDPOINT_CLOUDFORMATION", cloudFormation.endpoint().toString()), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void statusWorksOnTheTableAndQueuesTheStacksOutputsName() {
        // given the stack's table (no other table exists) and queues, two messages waiting and one dead letter
        int before = cloudFormation.requests().size();

        // when
        Run run = cosell("--stack", "cosell-test", "--region", REGION, "--dynamodb-url",
                dynamoDbLocal.endpoint().toString(), "--sqs-url", elasticMq.endpoint().toString(), "status");

        // then
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("sync queue: 2 waiting, 0 in flight", "dead-letter queue: 1 message(s)");
        List<CloudFormationStub.Request> requests = cloudFormation.requests().subList(before, cloudFormation.requests().size());
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst().form()).containsEntry("Action", "DescribeStacks")
                .containsEntry("Version", "2010-05-15").containsEntry("StackName", "cosell-test");
        assertThat(requests.getFirst().authorization()).contains("/eu-west-1/cloudformation/aws4_request");
    }

    @Test
    void aStackThatDoesNotExistStopsTheCommandWithOneLine() {
        // when
        Run run = cosell("--stack", "cosell-missing", "--region", REGION, "--dynamodb-url",
                dynamoDbLocal.endpoint().toString(), "--sqs-url", elasticMq.endpoint().toString(), "status");

        // then
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("cosell: no CloudFormation stack cosell-missing in eu-west-1 for these AWS "
                + "credentials (check --stack, --region and the AWS account)" + System.lineSeparator());
    }
}
