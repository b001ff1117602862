package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;

import java.net.URI;
import java.util.Optional;

/**
 * What the admin function's doctor compares against: environment name {@code COSELL_DOCTOR_WEBHOOK_URL}, the stack
 * sets it to the webhook receiver's Function URL.
 */
@ConfigMapping(prefix = "cosell.doctor")
public interface DoctorConfig {

    /** This deployment's webhook URL, the one Partner Center must send the referral events to. */
    Optional<URI> webhookUrl();
}
