package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Priming at init ({@link PrimingHook}). Environment name: {@code COSELL_PRIMING_ENABLED}. */
@ConfigMapping(prefix = "cosell.priming")
public interface PrimingConfig {

    /** Warm JSON, HTTP/TLS and the AWS SDK clients before the first invocation (and before a SnapStart snapshot). */
    @WithDefault("true")
    boolean enabled();
}
