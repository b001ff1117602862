package io.cosell.emulator.dataverse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the Dataverse emulator behaves.
 *
 * @param environmentUrl         the environment URL; also the token audience it accepts (clients ask the scope
 *                               {@code <environmentUrl>/.default})
 * @param extraColumns           entity set → custom columns to emulate beyond {@link DataverseSchema}
 * @param changeTrackingExpiry   how long a delta token stays usable (Dataverse default: 7 days)
 * @param requestLimit           service protection: requests per caller within {@code requestWindow}
 * @param requestWindow          the sliding window of {@code requestLimit}
 * @param concurrencyLimit       service protection: concurrent requests per caller
 * @param processingTime         simulated execution time of each API request, spent while it holds its
 *                               concurrency slot (zero by default; tests raise it to reach the concurrency limit)
 * @param maxPageSize            rows per page when the client asks for no smaller page (Dataverse: 5000)
 * @param connectorSchema        true: the connector's {@code cosell_*} columns, tables and keys exist from the start,
 *                               with change tracking on; false: a CRM before {@code schema install}
 *                               ({@link DataverseSchema#withoutConnector})
 * @param keyIndexDelay          how long a new alternate key's index takes to build (its status is {@code Pending},
 *                               then {@code Active}; upsert by the key works once it is active)
 * @param metadataCacheLag       how long a table created through the metadata API answers 404 to requests that do not
 *                               send {@code Consistency: Strong}
 */
public record DataverseSettings(String environmentUrl, Map<String, List<ColumnDefinition>> extraColumns,
                                Duration changeTrackingExpiry, int requestLimit, Duration requestWindow,
                                int concurrencyLimit, Duration processingTime, int maxPageSize,
                                boolean connectorSchema, Duration keyIndexDelay, Duration metadataCacheLag) {

    public static final String SANDBOX_ENVIRONMENT_URL = "https://sandbox.crm.dynamics.com";

    public DataverseSettings {
        extraColumns = Map.copyOf(extraColumns);
        if (requestLimit < 1 || concurrencyLimit < 1 || maxPageSize < 1) {
            throw new IllegalArgumentException("limits and page size must be positive");
        }
    }

    public static DataverseSettings defaults() {
        return new DataverseSettings(SANDBOX_ENVIRONMENT_URL, Map.of(), Duration.ofDays(7), 6000,
                Duration.ofSeconds(300), 52, Duration.ZERO, 5000, true, Duration.ofMillis(1500), Duration.ofMillis(500));
    }

    public DataverseSettings withEnvironmentUrl(String url) {
        return new DataverseSettings(url, extraColumns, changeTrackingExpiry, requestLimit, requestWindow,
                concurrencyLimit, processingTime, maxPageSize,
                connectorSchema, keyIndexDelay, metadataCacheLag);
    }

    public DataverseSettings withExtraColumns(Map<String, List<ColumnDefinition>> columns) {
        return new DataverseSettings(environmentUrl, columns, changeTrackingExpiry, requestLimit, requestWindow,
                concurrencyLimit, processingTime, maxPageSize,
                connectorSchema, keyIndexDelay, metadataCacheLag);
    }

    public DataverseSettings withChangeTrackingExpiry(Duration expiry) {
        return new DataverseSettings(environmentUrl, extraColumns, expiry, requestLimit, requestWindow,
                concurrencyLimit, processingTime, maxPageSize,
                connectorSchema, keyIndexDelay, metadataCacheLag);
    }

    public DataverseSettings withRequestLimit(int limit, Duration window) {
        return new DataverseSettings(environmentUrl, extraColumns, changeTrackingExpiry, limit, window,
                concurrencyLimit, processingTime, maxPageSize,
                connectorSchema, keyIndexDelay, metadataCacheLag);
    }

    public DataverseSettings withConcurrencyLimit(int limit, Duration processing) {
        return new DataverseSettings(environmentUrl, extraColumns, changeTrackingExpiry, requestLimit, requestWindow,
                limit, processing, maxPageSize,
                connectorSchema, keyIndexDelay, metadataCacheLag);
    }

    /** Without the connector's schema (false), as a CRM is before {@code schema install}. */
    public DataverseSettings withConnectorSchema(boolean installed) {
        return new DataverseSettings(environmentUrl, extraColumns, changeTrackingExpiry, requestLimit, requestWindow,
                concurrencyLimit, processingTime, maxPageSize, installed, keyIndexDelay, metadataCacheLag);
    }

    public DataverseSettings withMetadataTimings(Duration keyIndex, Duration cacheLag) {
        return new DataverseSettings(environmentUrl, extraColumns, changeTrackingExpiry, requestLimit, requestWindow,
                concurrencyLimit, processingTime, maxPageSize, connectorSchema, keyIndex, cacheLag);
    }
}
