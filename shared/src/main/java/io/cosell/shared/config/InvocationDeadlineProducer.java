package io.cosell.shared.config;

import io.cosell.shared.usecase.InvocationDeadline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Builds the {@link InvocationDeadline} every function captures when it is entered, from {@link FunctionLimitsConfig}. */
@ApplicationScoped
public class InvocationDeadlineProducer {

    @Produces
    @ApplicationScoped
    InvocationDeadline invocationDeadline(FunctionLimitsConfig config) {
        return new ConfiguredInvocationDeadline(config.timeout(), config.batchSize(), Clock.systemUTC());
    }
}
