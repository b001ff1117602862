package io.cosell.functions.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cosell.webhook-receiver")
public interface WebhookReceiverConfig {

    /** Bodies larger than this (after base64 decoding) are refused with 413; Partner Center events are tiny. */
    @WithDefault("65536")
    int maxBodyBytes();
}
