package io.cosell.shared.sync;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Stands in until CRM polling exists: reports zero changes and says why. */
@DefaultBean
@ApplicationScoped
public class UnconfiguredCrmPoll implements CrmPoll {

    @Override
    public PollResult poll(Instant now) {
        return PollResult.notConfigured();
    }
}
