package io.cosell.shared.doctor;

import io.cosell.shared.usecase.DoctorReport;
import io.cosell.shared.usecase.RegistrationReport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorChecksTest {

    private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

    private final StubParts parts = new StubParts(NOW);

    @Test
    void the_doctor_runs_every_check_in_order_and_a_part_that_throws_fails_only_its_own_checks_with_their_fix() {
        // when
        DoctorReport report = new ConnectorDoctor(parts, Clock.fixed(NOW, ZoneOffset.UTC)).run();

        // then
        assertThat(report.checks()).extracting(DoctorReport.Check::name).containsExactly("Dataverse token",
                "Partner Center token", "schema", "mapping", "state table", "sync queue", "dead-letter queue",
                "migration", "webhook registration", "last poller run", "last reconciler run");
        assertThat(report.ok()).isFalse();
        assertThat(report.failed()).extracting(DoctorReport.Check::name).containsExactly("schema", "mapping");
        assertThat(report.failed().getFirst().detail()).isEqualTo("no Dataverse URL");
        assertThat(report.failed().getFirst().fix()).startsWith("run bin/cosell schema install");
        assertThat(report.checks().get(5).detail()).isEqualTo("2 waiting, 1 in flight");
        assertThat(report.checks().get(8).detail()).isEqualTo(StubParts.WEBHOOK_URL + " for all four referral events");
    }

    @Test
    void a_refused_refresh_token_fails_the_partner_center_token_with_consent_as_its_fix() {
        // given
        parts.partnerCenterTokens = StubParts.tokens(() -> {
            throw new IllegalStateException("invalid_grant: AADSTS70043\n the refresh token has expired");
        });

        // when
        DoctorReport.Check check = new ConnectorDoctor(parts, Clock.fixed(NOW, ZoneOffset.UTC)).run().checks().get(1);

        // then
        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).isEqualTo("invalid_grant: AADSTS70043 the refresh token has expired");
        assertThat(check.fix()).startsWith("the refresh token is missing, expired or revoked: run bin/cosell consent");
    }

    @Test
    void the_refresh_tokens_age_is_reported_and_one_no_redemption_replaced_for_over_a_week_fails() {
        // given
        ConnectorDoctor doctor = new ConnectorDoctor(parts, Clock.fixed(NOW, ZoneOffset.UTC));

        // when
        DoctorReport.Check fresh = doctor.run().checks().get(1);
        parts.refreshTokenStoredAt = Optional.of(NOW.minus(Duration.ofDays(9)));
        DoctorReport.Check stale = doctor.run().checks().get(1);
        parts.refreshTokenStoredAt = Optional.empty();
        DoctorReport.Check undated = doctor.run().checks().get(1);

        // then
        assertThat(fresh.ok()).isTrue();
        assertThat(fresh.detail()).isEqualTo("obtained with the stored refresh token; the refresh token was stored 3 h "
                + "ago (at 2026-12-01T04:00:00Z)");
        assertThat(stale.ok()).isFalse();
        assertThat(stale.detail()).startsWith("the refresh token was stored 9 days ago (at 2026-11-22T07:00:00Z): no "
                + "redemption has replaced it for longer than a week");
        assertThat(stale.fix()).startsWith("check the token-keepalive function's schedule (KeepAliveSchedule");
        assertThat(undated.ok()).isTrue();
        assertThat(undated.detail()).contains("its store keeps no date");
    }

    @Test
    void a_message_on_the_dead_letter_queue_fails_with_status_and_replay_as_the_fix() {
        // given
        parts.deadLetters = 3;

        // when
        DoctorReport.Check check = new ConnectorDoctor(parts, Clock.fixed(NOW, ZoneOffset.UTC)).run().checks().get(6);

        // then
        assertThat(check).isEqualTo(DoctorReport.Check.failed("dead-letter queue", "3 message(s) failed repeatedly",
                "see bin/cosell status for the failures and their reasons, fix the cause, then move the messages "
                        + "back to the sync queue: bin/cosell replay-dlq"));
    }

    @Test
    void a_registration_pointing_elsewhere_or_missing_an_event_fails_with_register_as_the_fix() {
        // given
        RegistrationReport elsewhere = new RegistrationReport(true, URI.create("https://flows.example/referrals"),
                List.of("referral-created", "referral-updated", "related-referral-created", "related-referral-updated"), "");
        RegistrationReport partial = new RegistrationReport(true, URI.create("https://ABC.lambda-url.eu-west-1.on.aws"),
                List.of("referral-created", "referral-updated"), "");

        // when
        parts.registration = elsewhere;
        DoctorReport.Check pointsElsewhere = new ConnectorDoctor(parts, Clock.fixed(NOW, ZoneOffset.UTC)).run().checks().get(8);
        parts.registration = partial;
        DoctorReport.Check missesEvents = new ConnectorDoctor(parts, Clock.fixed(NOW, ZoneOffset.UTC)).run().checks().get(8);

        // then
        assertThat(pointsElsewhere.ok()).isFalse();
        assertThat(pointsElsewhere.detail()).isEqualTo("Partner Center sends the referral events to "
                + "https://flows.example/referrals, not to this deployment's " + StubParts.WEBHOOK_URL);
        assertThat(pointsElsewhere.fix()).startsWith("run bin/cosell register to point it here");
        assertThat(missesEvents.detail()).isEqualTo("not registered for related-referral-created, related-referral-updated");
    }

    @Test
    void a_lease_held_past_its_end_means_the_run_died() {
        // given
        parts.leases.put("crm-poller", NOW.minus(Duration.ofMinutes(3)));

        // when
        DoctorReport.Check check = lastPollerRun();

        // then
        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).isEqualTo("a run held the lease 'crm-poller' until " + NOW.minus(Duration.ofMinutes(3))
                + " and never released it: it died (timeout or crash)");
    }

    @Test
    void a_lease_still_running_is_a_run_under_way() {
        // given
        parts.leases.put("crm-poller", NOW.plusSeconds(40));

        // when
        DoctorReport.Check check = lastPollerRun();

        // then
        assertThat(check).isEqualTo(DoctorReport.Check.ok("last poller run", "finished 30 s ago, a run is under way"));
    }

    @Test
    void a_poller_that_last_finished_long_ago_or_never_fails_while_the_reconciler_has_no_age_limit() {
        // given
        parts.cursors.put("crm-poller#opportunities", NOW.minus(Duration.ofMinutes(12)));
        parts.cursors.put("reconciler#referrals", NOW.minus(Duration.ofHours(5)));

        // when
        DoctorReport.Check poller = lastPollerRun();
        DoctorReport.Check reconciler = DeploymentChecks.lastRun(parts, "last reconciler run", "reconciler",
                List.of("reconciler#referrals"), Optional.empty(), NOW);
        parts.cursors.clear();
        DoctorReport.Check never = lastPollerRun();

        // then
        assertThat(poller.ok()).isFalse();
        assertThat(poller.detail()).isEqualTo("the last finished run was 12 min ago (at " + NOW.minus(Duration.ofMinutes(12)) + ")");
        assertThat(reconciler).isEqualTo(DoctorReport.Check.ok("last reconciler run", "finished 5 h ago"));
        assertThat(never.detail()).isEqualTo("no run has finished yet (no cursor in the state table)");
    }

    private DoctorReport.Check lastPollerRun() {
        return DeploymentChecks.lastRun(parts, "last poller run", DeploymentChecks.POLLER_LEASE,
                DeploymentChecks.POLLER_CURSORS, Optional.of(DeploymentChecks.POLLER_MAX_AGE), NOW);
    }
}
