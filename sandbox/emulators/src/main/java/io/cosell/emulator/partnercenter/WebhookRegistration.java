package io.cosell.emulator.partnercenter;

import java.util.List;

/**
 * The tenant's one webhook registration.
 *
 * @param msSignatureHeader {@code signatureTokenToMsSignatureHeader}: sign in {@code x-ms-signature} instead of
 *                          {@code Authorization}
 */
record WebhookRegistration(String subscriberId, String webhookUrl, List<String> webhookEvents,
                           boolean msSignatureHeader) {

    boolean includes(String eventName) {
        return webhookEvents.stream().anyMatch(eventName::equalsIgnoreCase);
    }
}
