package io.cosell.sandbox.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.e2e.SandboxClient;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * One chaos run over a started sandbox, end to end: {@link ChaosRun#act()}, then the faults are cleared and the
 * connector (webhooks, poller, queue redeliveries and the reconciler) is left to converge. Returns the figures,
 * printed by {@link ChaosFigures#print}.
 */
public final class ChaosSuite {

    private ChaosSuite() {
    }

    /** The sync lines about the records a failed check names, else the last 30. */
    private static List<String> linesAbout(Convergence convergence, List<String> live) {
        List<String> lines = List.copyOf(live);
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.regex.Matcher uuid = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .matcher(String.join(" ", convergence.mismatches()) + String.join(" ", convergence.unreadableAudit()));
        while (uuid.find()) {
            ids.add(uuid.group());
        }
        List<String> about = lines.stream().filter(line -> ids.stream().anyMatch(line::contains)).toList();
        return about.isEmpty() ? lines.subList(Math.max(0, lines.size() - 30), lines.size()) : about.subList(0, Math.min(80, about.size()));
    }

    public static ChaosFigures run(Sandbox sandbox, ChaosPlan plan, Duration convergenceBudget) {
        System.out.println("chaos: seed " + plan.seed() + " (replay with -Dchaos.seed=" + plan.seed() + ")");
        SandboxClient client = new SandboxClient(sandbox);
        List<String> syncLines = new CopyOnWriteArrayList<>();
        sandbox.onSyncLine(syncLines::add);
        FaultInjector partnerCenter = sandbox.partnerCenter().faults();
        FaultInjector dataverse = sandbox.dataverse().server().faults();
        long started = System.nanoTime();

        ChaosRun run = new ChaosRun(sandbox, client, plan);
        run.act();
        long acted = System.nanoTime();

        ChaosActions reader = new ChaosActions(client);
        AtomicReference<Convergence> last = new AtomicReference<>();
        boolean converged;
        try {
            await().atMost(convergenceBudget).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(3)).until(() -> {
                if (!client.syncQueueSettled()) {
                    return false;
                }
                Convergence now = Convergence.read(client, reader, run);
                last.set(now);
                return now.converged();
            });
            converged = true;
        } catch (ConditionTimeoutException e) {
            converged = false;
            last.set(Convergence.read(client, reader, run));
        }
        long ended = System.nanoTime();

        List<JsonNode> deliveries = client.allDeliveries();
        Map<String, Long> faults = new java.util.LinkedHashMap<>();
        faults.put("429 with Retry-After", partnerCenter.injectedThrottles() + dataverse.injectedThrottles());
        faults.put("500", partnerCenter.injectedServerErrors() + dataverse.injectedServerErrors());
        faults.put("act, then lose the answer", partnerCenter.lostAnswers() + dataverse.lostAnswers());
        faults.put("webhook dropped", deliveries.stream().filter(d -> "dropped".equals(d.path("outcome").asText())).count());
        faults.put("webhook duplicated", deliveries.stream().filter(d -> d.hasNonNull("duplicateOf")).count());
        faults.put("access tokens expired mid-run", (long) run.tokenExpiries());
        faults.put("mapper killed between CRM write and state write", (long) run.mapperKills());
        long retriedMessages = syncLines.stream().filter(line -> line.contains("RETRY_LATER")).count();
        long webhookRetries = deliveries.stream().mapToLong(d -> Math.max(0, d.path("attempts").size() - 1)).sum();
        return new ChaosFigures(plan, converged, last.get(), run.performed(), deliveries.size(), syncLines.size(),
                faults, retriedMessages, webhookRetries, run.ownRetries(),
                Duration.ofNanos(acted - started), Duration.ofNanos(ended - acted),
                syncLines.stream().filter(line -> line.startsWith("reconcile:")).count(),
                converged ? List.of() : linesAbout(last.get(), syncLines),
                client.syncQueueMessages());
    }
}
