package io.cosell.sandbox.e2e.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.e2e.SandboxClient;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.cosell.sandbox.e2e.SandboxClient.json;

/**
 * The people of a chaos run: a Microsoft seller (control API of the Partner Center emulator) and a CRM seller (the
 * observer client). Their own requests meet the injected faults too; a fault injected before the request acts (a 500,
 * an expired token) is retried, and so is a lost answer of an idempotent PATCH. A create is never retried after its
 * answer was lost, which is why the run sets its lost-answer rules only after the sellers' creates.
 */
final class ChaosActions {

    private static final int ATTEMPTS = 30;
    private final SandboxClient client;
    private final AtomicLong ownRetries = new AtomicLong();

    ChaosActions(SandboxClient client) {
        this.client = client;
    }

    long ownRetries() {
        return ownRetries.get();
    }

    String microsoftShares(ObjectNode referral) {
        return retried(() -> client.microsoftSharesReferral(referral).path("id").asText(), false);
    }

    void microsoftChanges(String referralId, ObjectNode change) {
        retried(() -> client.microsoftChangesReferral(referralId, change), true);
    }

    String sellerCreates(String entitySet, ObjectNode row) {
        return retried(() -> client.sellerCreates(entitySet, row), false);
    }

    void sellerUpdates(String opportunityId, ObjectNode change) {
        retried(() -> {
            client.sellerUpdates("opportunities", opportunityId, change);
            return null;
        }, true);
    }

    void sellerCloses(String opportunityId, boolean won) {
        retried(() -> {
            client.sellerCloses(opportunityId, won, won ? 3 : 4);
            return null;
        }, false);
    }

    String euro() {
        return retried(() -> client.crmRows("transactioncurrencies", "isocurrencycode eq 'EUR'").getFirst()
                .path("transactioncurrencyid").asText(), true);
    }

    <T> T read(Supplier<T> read) {
        return retried(read, true);
    }

    private <T> T retried(Supplier<T> action, boolean idempotent) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (IllegalStateException e) {
                String message = String.valueOf(e.getMessage());
                if (attempt >= ATTEMPTS || !(message.contains("answered 500") || message.contains("answered 401"))) {
                    throw e;
                }
                if (message.contains("answered 401")) {
                    client.forgetTokens();
                }
            } catch (UncheckedIOException e) {
                if (!idempotent || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
            ownRetries.incrementAndGet();
        }
    }

    static ObjectNode change(String text) {
        return json(text);
    }
}
