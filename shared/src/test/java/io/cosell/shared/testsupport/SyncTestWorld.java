package io.cosell.shared.testsupport;

import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.partnercenter.HttpReferralClient;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncStateTable;

import java.time.Duration;

/**
 * What the sync use cases' integration tests run against: the Entra, Partner Center and Dataverse emulators over real
 * HTTP, clients whose every answer is counted by status, and a sync-state table of its own in the shared DynamoDB Local.
 */
public record SyncTestWorld(EntraEmulator entra, PartnerCenterEmulator partnerCenterEmulator, DataverseEmulator dataverse,
                            StatusCountingHttpClient http, ReferralClient partnerCenter, HttpDataverseClient crm,
                            DynamoDbSyncStateStore state) implements AutoCloseable {

    public static SyncTestWorld start(String table, RetryPolicy retry) {
        EntraEmulator entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        PartnerCenterEmulator partnerCenterEmulator = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        DataverseEmulator dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        StatusCountingHttpClient http = new StatusCountingHttpClient(ApiHttpClient.defaultHttpClient());
        ReferralClient partnerCenter = new HttpReferralClient(new ApiHttpClient(http,
                SandboxTokens.clientCredentials(entra, HttpReferralClient.SCOPE), retry, Duration.ofSeconds(10), TestJson.MAPPER),
                partnerCenterEmulator.baseUri(), TestJson.MAPPER);
        HttpDataverseClient crm = new HttpDataverseClient(new ApiHttpClient(http,
                SandboxTokens.clientCredentials(entra, dataverse.scope()), retry, Duration.ofSeconds(10), TestJson.MAPPER),
                dataverse.apiRoot(), TestJson.MAPPER);
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        DynamoDbSyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        return new SyncTestWorld(entra, partnerCenterEmulator, dataverse, http, partnerCenter, crm, state);
    }

    @Override
    public void close() {
        dataverse.close();
        partnerCenterEmulator.close();
        entra.close();
    }
}
