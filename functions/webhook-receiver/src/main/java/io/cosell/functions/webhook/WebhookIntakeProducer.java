package io.cosell.functions.webhook;

import io.cosell.shared.inbound.CachedCertificateSource;
import io.cosell.shared.inbound.HttpCertificateFetcher;
import io.cosell.shared.inbound.SignaturePolicy;
import io.cosell.shared.inbound.SignedWebhookIntake;
import io.cosell.shared.inbound.TrustAnchors;
import io.cosell.shared.inbound.WebhookIntake;
import io.cosell.shared.inbound.WebhookSignatureVerifier;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncStateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Set;

/** Builds the receiver's {@link SignedWebhookIntake} from {@link WebhookReceiverConfig} and the AWS beans. */
@ApplicationScoped
public class WebhookIntakeProducer {

    @Produces
    @ApplicationScoped
    WebhookIntake intake(WebhookReceiverConfig config, SyncStateStore state, SyncQueue queue) {
        SignaturePolicy policy = new SignaturePolicy(config.certificateHosts(),
                config.httpCertificateHosts().orElse(Set.of()), TrustAnchors.fromSetting(config.trustAnchors()),
                config.requiredIssuerOrganization());
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(policy,
                new CachedCertificateSource(HttpCertificateFetcher.withDefaults()));
        return new SignedWebhookIntake(verifier, state, queue, config.dedupeTtl());
    }
}
