package io.cosell.shared.partnercenter;

import java.net.URI;
import java.util.Set;

/**
 * The partner tenant's one Partner Center webhook registration.
 *
 * @param signatureInMsSignatureHeader {@code signatureTokenToMsSignatureHeader}: the signature comes in
 *                                     {@code x-ms-signature} instead of {@code Authorization}
 */
public record WebhookRegistration(String subscriberId, URI webhookUrl, Set<String> webhookEvents,
                                  boolean signatureInMsSignatureHeader) {

    public WebhookRegistration {
        webhookEvents = Set.copyOf(webhookEvents);
    }

    /** Same URL, same events (in any order) and same signature header. */
    public boolean sameAs(URI url, Set<String> events, boolean msSignatureHeader) {
        return webhookUrl.equals(url) && webhookEvents.equals(Set.copyOf(events))
                && signatureInMsSignatureHeader == msSignatureHeader;
    }
}
