package io.cosell.shared.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings without a usable default, as configured, and which of them a function lacks for the parts it uses.
 *
 * @param syncTable        {@code cosell.sync-table}
 * @param syncQueueUrl     {@code cosell.sync-queue-url}
 * @param dataverseApiRoot {@code cosell.dataverse.api-root}
 * @param entraTenant      {@code cosell.entra.tenant}
 * @param entraClientId    {@code cosell.entra.client-id}
 * @param syncDlqUrl       {@code cosell.sync-dlq-url}
 */
public record RequiredSettings(Optional<String> syncTable, Optional<String> syncQueueUrl,
                               Optional<URI> dataverseApiRoot, Optional<String> entraTenant,
                               Optional<String> entraClientId, Optional<String> syncDlqUrl) {

    /** A part a function may use, and the settings it cannot work without. */
    public enum Need {
        STATE_TABLE(List.of("cosell.sync-table (COSELL_SYNC_TABLE)")),
        SYNC_QUEUE(List.of("cosell.sync-queue-url (COSELL_SYNC_QUEUE_URL)")),
        DATAVERSE(List.of("cosell.dataverse.api-root (COSELL_DATAVERSE_API_ROOT)")),
        ENTRA(List.of("cosell.entra.tenant (COSELL_ENTRA_TENANT)", "cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID)")),
        DEAD_LETTER_QUEUE(List.of("cosell.sync-dlq-url (COSELL_SYNC_DLQ_URL)"));

        private final List<String> settings;

        Need(List<String> settings) {
            this.settings = settings;
        }

        /** Each setting as {@code property (ENVIRONMENT_VARIABLE)}. */
        public List<String> settings() {
            return settings;
        }
    }

    static RequiredSettings of(AwsConfig aws, ConnectionConfig connection) {
        return new RequiredSettings(Optional.of(aws.syncTable()), aws.syncQueueUrl(), connection.dataverse().apiRoot(),
                connection.entra().tenant(), connection.entra().clientId(), aws.syncDlqUrl());
    }

    /** The settings missing (absent or blank) for {@code needs}, each as {@code property (ENVIRONMENT_VARIABLE)}. */
    public List<String> missing(Set<Need> needs) {
        List<String> missing = new ArrayList<>();
        for (Need need : Need.values()) {
            if (needs.contains(need)) {
                missing.addAll(missingOf(need));
            }
        }
        return missing;
    }

    private List<String> missingOf(Need need) {
        List<String> settings = need.settings();
        return switch (need) {
            case STATE_TABLE -> blank(syncTable) ? settings : List.of();
            case SYNC_QUEUE -> blank(syncQueueUrl) ? settings : List.of();
            case DEAD_LETTER_QUEUE -> blank(syncDlqUrl) ? settings : List.of();
            case DATAVERSE -> blank(dataverseApiRoot.map(URI::toString)) ? settings : List.of();
            case ENTRA -> {
                List<String> missing = new ArrayList<>();
                if (blank(entraTenant)) {
                    missing.add(settings.get(0));
                }
                if (blank(entraClientId)) {
                    missing.add(settings.get(1));
                }
                yield missing;
            }
        };
    }

    private static boolean blank(Optional<String> value) {
        return value.map(String::isBlank).orElse(true);
    }
}
