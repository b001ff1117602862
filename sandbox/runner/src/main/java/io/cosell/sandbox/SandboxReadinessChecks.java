package io.cosell.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The sandbox command's readiness checks at {@code /q/health/ready}, one per part ({@link Sandbox#PARTS}). Every
 * check is DOWN while the sandbox starts or stops, then reports its part's {@link PartReadiness}.
 */
@ApplicationScoped
public class SandboxReadinessChecks {

    private volatile Sandbox sandbox;
    private volatile String state = "starting";

    void serve(Sandbox started) {
        sandbox = started;
    }

    void stopping() {
        state = "stopping";
        sandbox = null;
    }

    @Produces
    @Readiness
    HealthCheck entraId() {
        return check(SandboxReadiness.ENTRA);
    }

    @Produces
    @Readiness
    HealthCheck partnerCenter() {
        return check(SandboxReadiness.PARTNER_CENTER);
    }

    @Produces
    @Readiness
    HealthCheck dataverse() {
        return check(SandboxReadiness.DATAVERSE);
    }

    @Produces
    @Readiness
    HealthCheck dynamoDb() {
        return check(SandboxReadiness.DYNAMODB);
    }

    @Produces
    @Readiness
    HealthCheck sqs() {
        return check(SandboxReadiness.SQS);
    }

    @Produces
    @Readiness
    HealthCheck receiverFunction() {
        return check(SandboxReadiness.functionCheckName(Sandbox.RECEIVER_FUNCTION));
    }

    @Produces
    @Readiness
    HealthCheck mapperFunction() {
        return check(SandboxReadiness.functionCheckName(Sandbox.MAPPER_FUNCTION));
    }

    @Produces
    @Readiness
    HealthCheck pollerFunction() {
        return check(SandboxReadiness.functionCheckName(Sandbox.POLLER_FUNCTION));
    }

    @Produces
    @Readiness
    HealthCheck reconcilerFunction() {
        return check(SandboxReadiness.functionCheckName(Sandbox.RECONCILER_FUNCTION));
    }

    @Produces
    @Readiness
    HealthCheck keepAliveFunction() {
        return check(SandboxReadiness.functionCheckName(Sandbox.KEEPALIVE_FUNCTION));
    }

    @Produces
    @Readiness
    HealthCheck receiverUrl() {
        return check(SandboxReadiness.RECEIVER_URL);
    }

    @Produces
    @Readiness
    HealthCheck webhookRegistration() {
        return check(SandboxReadiness.REGISTRATION);
    }

    private HealthCheck check(String part) {
        return () -> {
            Sandbox current = sandbox;
            if (current == null) {
                return HealthCheckResponse.named(part).down().withData("state", state).build();
            }
            PartReadiness readiness = current.readiness(part);
            HealthCheckResponseBuilder response = HealthCheckResponse.named(part).status(readiness.up());
            readiness.data().forEach(response::withData);
            return response.build();
        };
    }
}
