package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.json.JsonSetup;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.priming.Priming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link Priming} when the application starts (CDI's {@link Startup}, which Quarkus fires once the runtime
 * configuration is there, during the Lambda init phase), if {@code cosell.priming.enabled}. Under SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) it runs in the CRaC {@code beforeCheckpoint} hook instead, the
 * hook Quarkus's SnapStart guide documents, so that it lands in the snapshot. It primes only what the function uses
 * (a bean no use case injects was removed at build time and is not resolvable here), and creates the function's own
 * AWS clients; it never creates the API clients, whose producers read secrets.
 */
@ApplicationScoped
public class PrimingHook implements Resource {

    static final String SNAP_START = "snap-start";
    private static final System.Logger LOG = System.getLogger(PrimingHook.class.getName());

    @Inject
    PrimingConfig config;

    @Inject
    AwsConfig aws;

    @Inject
    Instance<ObjectMapper> mappers;

    void onStart(@Observes Startup started) {
        if (!config.enabled()) {
            return;
        }
        if (SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            // the global context holds resources weakly; this bean stays referenced by its CDI context
            Core.getGlobalContext().register(this);
        } else {
            prime();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing primed depends on the instance's identity, time or credentials
    }

    private void prime() {
        long start = System.nanoTime();
        List<String> clients = new ArrayList<>();
        boolean dynamoDb = create(DynamoDbClient.class, clients);
        boolean sqs = create(SqsClient.class, clients);
        ObjectMapper mapper = mappers.isResolvable() ? mappers.get() : JsonSetup.newMapper();
        boolean referrals = CDI.current().select(ReferralClient.class).isResolvable();
        List<Priming.Primed> primed = new Priming(mapper, aws.aws().region(), referrals, dynamoDb, sqs).run();
        LOG.log(System.Logger.Level.INFO, "primed {0} and created {1} in {2} ms", primed, clients,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static boolean create(Class<? extends SdkClient> type, List<String> created) {
        Instance<? extends SdkClient> client = CDI.current().select(type);
        if (!client.isResolvable()) {
            return false;
        }
        created.add(client.get().serviceName());
        return true;
    }
}
