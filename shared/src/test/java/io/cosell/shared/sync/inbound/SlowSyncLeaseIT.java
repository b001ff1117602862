package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.RenewedLeaseStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.ManualHeartbeats;
import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync slower than its lease's length keeps the lease, as the mapper runs it (leases renewed while held): a
 * competing worker for the same referral meanwhile gets RETRY_LATER, never the lease, so no second record is made.
 */
class SlowSyncLeaseIT {

    private static final String TABLE = "slow-sync-lease-it";
    private static final Duration OLD_FIXED_LEASE = Duration.ofMinutes(2);

    private static SyncTestWorld world;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start(TABLE, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), TABLE);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void a_sync_slower_than_the_lease_keeps_it_and_a_competing_worker_is_told_to_retry_later() throws Exception {
        // given a mapper's state store (leases renewed while held) on a clock the test moves
        MutableClock clock = new MutableClock(Instant.now());
        ManualHeartbeats heartbeats = new ManualHeartbeats();
        RenewedLeaseStore state = new RenewedLeaseStore(new DynamoDbSyncStateStore(LocalDynamoDb.client(), TABLE, clock,
                DynamoDbSyncStateStore.DEFAULT_LOG_RETENTION), heartbeats, clock);
        String id = microsoftShares();
        ReferralInboundSync competitor = new ReferralInboundSync(world.partnerCenter(), world.crm(), state,
                MappingConfig.defaults(), clock, TestJson.MAPPER);
        AtomicReference<InboundResult> competing = new AtomicReference<>();
        ReferralClient slowRead = new SlowFirstRead(world.partnerCenter(), id, () -> {
            // longer than the old fixed lease and many times the lease length, the heartbeat beating as it goes
            for (Duration passed = Duration.ZERO; passed.compareTo(OLD_FIXED_LEASE.plusSeconds(30)) < 0;
                 passed = passed.plus(ReferralInboundSync.LEASE_DURATION.dividedBy(3))) {
                clock.advance(ReferralInboundSync.LEASE_DURATION.dividedBy(3));
                heartbeats.beat();
            }
            competing.set(competitor.sync(id));
        });
        ReferralInboundSync slow = new ReferralInboundSync(slowRead, world.crm(), state, MappingConfig.defaults(), clock,
                TestJson.MAPPER);

        // when
        InboundResult result = slow.sync(id);

        // then
        assertThat(competing.get().outcome()).isEqualTo(InboundOutcome.RETRY_LATER);
        assertThat(competing.get().message()).contains("being synced by another worker");
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        assertThat(world.crm().query(EntitySet.LEADS, ODataQuery.all().filter(eq("cosell_referralid", id)))).hasSize(1);
        assertThat(heartbeats.running()).as("renewal stopped with the release").isZero();
    }

    private static String microsoftShares() throws Exception {
        String body = """
                {"customerProfile": {"name": "Slow Sync Ltd", "address": {"city": "Galway", "postalCode": "H91 SLOW",
                 "country": "IE"}, "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife@slow.example"}]}}""";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(world.partnerCenterEmulator().baseUri() + "/_sandbox/microsoft/referrals"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode created = new ObjectMapper().readTree(response.body());
        return created.path("id").asText();
    }

    /** The real client, except that the first read of one referral takes as long as {@code slowness} does. */
    private static final class SlowFirstRead implements ReferralClient {

        private final ReferralClient delegate;
        private final String slowId;
        private Runnable slowness;

        SlowFirstRead(ReferralClient delegate, String slowId, Runnable slowness) {
            this.delegate = delegate;
            this.slowId = slowId;
            this.slowness = slowness;
        }

        @Override
        public Referral get(String id) {
            if (id.equals(slowId) && slowness != null) {
                Runnable once = slowness;
                slowness = null;
                once.run();
            }
            return delegate.get(id);
        }

        @Override
        public Referral create(Referral referral) {
            return delegate.create(referral);
        }

        @Override
        public Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch) {
            return delegate.patch(id, operations, ifMatch);
        }

        @Override
        public Stream<Referral> list(ReferralQuery query) {
            return delegate.list(query);
        }
    }
}
