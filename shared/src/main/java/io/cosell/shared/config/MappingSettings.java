package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The customer's mapping (deal value column, account matching, defaults for mandatory columns, ...), as the JSON
 * document {@link io.cosell.shared.mapping.MappingConfig#fromJson} reads: {@code COSELL_MAPPING_JSON}, or a file
 * {@code COSELL_MAPPING_FILE}. Neither set: the defaults. Validated when a function that uses it starts ({@link StartupCheck}), with a
 * message naming every problem.
 */
@ConfigMapping(prefix = "cosell.mapping")
public interface MappingSettings {

    Optional<String> json();

    Optional<String> file();
}
