package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.WebhookIntake;
import io.cosell.shared.webhook.CachedCertificateSource;
import io.cosell.shared.webhook.HttpCertificateFetcher;
import io.cosell.shared.webhook.SignaturePolicy;
import io.cosell.shared.webhook.SignedWebhookIntake;
import io.cosell.shared.webhook.TrustAnchors;
import io.cosell.shared.webhook.WebhookSignatureVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.List;
import java.util.Set;

/** Builds the receiver's {@link SignedWebhookIntake} from {@link WebhookReceiverConfig} and the AWS beans. */
@ApplicationScoped
public class WebhookIntakeProducer {

    @Produces
    @ApplicationScoped
    WebhookIntake intake(WebhookReceiverConfig config, SyncStateStore state, SyncQueue queue, ObjectMapper json) {
        SignaturePolicy policy = new SignaturePolicy(config.certificateHosts(),
                config.httpCertificateHosts().orElse(Set.of()), config.certificatePathPrefix(),
                TrustAnchors.fromSetting(config.trustAnchors()),
                config.intermediates().map(TrustAnchors::certificates).orElse(List.of()),
                config.requiredIssuerOrganization());
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(policy,
                new CachedCertificateSource(HttpCertificateFetcher.withDefaults()));
        return new SignedWebhookIntake(verifier, state, queue, config.dedupeTtl(), config.maxBodyBytes(), json);
    }
}
