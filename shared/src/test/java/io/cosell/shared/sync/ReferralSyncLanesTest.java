package io.cosell.shared.sync;

import io.cosell.shared.testsupport.TestJson;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferralSyncLanesTest {

    private static final String REFERRAL_A = "{\"direction\":\"PC_TO_CRM\",\"referralId\":\"6a0b3e2f-8d1c-4c5e-9f2a-1b3c4d5e6f70\","
            + "\"eventName\":\"referral-updated\",\"dedupeKey\":\"%s\"}";
    private static final String OPPORTUNITY = "{\"direction\":\"CRM_TO_PC\",\"crmRecord\":{\"entitySet\":\"opportunities\","
            + "\"id\":\"8c0f6d1e-55aa-ee11-be37-000d3a1b2c3d\"},\"eventName\":\"crm-change\",\"dedupeKey\":\"c\"}";

    private final ReferralSyncLanes lanes = new ReferralSyncLanes(TestJson.MAPPER);

    @Test
    void a_message_about_the_same_referral_starts_when_the_one_before_it_has_ended_even_by_failing() throws Exception {
        // given: the first message about referral A fails once it is released
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = lanes.submit(REFERRAL_A.formatted("first"), () -> {
            events.add("first started");
            await(release);
            events.add("first failed");
            throw new IllegalStateException("sync failed");
        });

        // when
        CompletableFuture<Void> second = lanes.submit(REFERRAL_A.formatted("second"), () -> events.add("second started"));
        release.countDown();

        // then
        second.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(first::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(events).containsExactly("first started", "first failed", "second started");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lanes.lanesInUse() == 0);
    }

    @Test
    void messages_about_different_subjects_and_unreadable_bodies_run_at_the_same_time() throws Exception {
        // given: four messages in different lanes, each waiting until all four run
        CountDownLatch allRunning = new CountDownLatch(4);
        Runnable meetTheOthers = () -> {
            allRunning.countDown();
            await(allRunning);
        };

        // when
        List<CompletableFuture<Void>> runs = List.of(
                lanes.submit(REFERRAL_A.formatted("a"), meetTheOthers),
                lanes.submit(OPPORTUNITY, meetTheOthers),
                lanes.submit("not json", meetTheOthers),
                lanes.submit("not json", meetTheOthers));

        // then
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(allRunning.getCount()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lanes.lanesInUse() == 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
