package io.cosell.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a deploy template declares, read the same way from the SAM template (as the translator expands it) and from
 * the Terraform module (as the HCL parser reads it), so that one set of assertions runs on both and the two can be
 * compared. Names are the part after {@code cosell-<stage>-}; references to other resources are tokens such as
 * {@code table}, {@code sync-queue}, {@code dlq}, {@code secret:entra-client-secret}, {@code log-group:mapper},
 * {@code alias:crm-poller}.
 */
record Deployment(String source,
                  Map<String, Function> functions,
                  List<UrlPermission> urlPermissions,
                  Map<String, Queue> queues,
                  Table table,
                  List<EventSourceMapping> eventSourceMappings,
                  List<Schedule> schedules,
                  Map<String, List<Statement>> roles,
                  Map<String, Alarm> alarms,
                  Map<String, MetricFilter> metricFilters,
                  Map<String, String> logGroupRetention,
                  Set<String> secrets,
                  Set<String> outputs,
                  Registration registration,
                  String dashboard) {

    /** A function; {@code environment} values are literals or a token naming what they refer to. */
    /**
     * A function; {@code snapStart} is what its published versions get ({@code parameter} when a parameter or
     * variable switches it); {@code url} the auth type of its Function URL, or null.
     */
    record Function(String name, String artifact, String runtime, String handler, String architecture, int memory,
                    int timeout, boolean publishes, String snapStart, String alias, String logGroup,
                    List<String> layers, String role, Map<String, String> environment, String url) {
    }

    record UrlPermission(String target, String action, String principal, String functionUrlAuthType,
                         boolean invokedViaFunctionUrl) {
    }

    record Queue(String name, int visibilityTimeout, String deadLetterTarget, int maxReceiveCount, boolean encrypted,
                 int retentionSeconds) {
    }

    record Table(String name, String partitionKey, String sortKey, boolean onDemand, String ttlAttribute,
                 boolean pointInTimeRecovery, String deletionProtection) {
    }

    record EventSourceMapping(String target, String source, int batchSize, List<String> functionResponseTypes,
                              String maximumConcurrency) {
    }

    record Schedule(String name, String target, String role, String expression, String input) {
    }

    record Statement(String sid, List<String> actions, List<String> resources) {
    }

    record Alarm(String name, String namespace, String metric, String dimension, double threshold,
                 String comparison, boolean notifiesTopic) {
    }

    /** A log metric filter, by the metric it feeds; {@code logGroup} is a token such as {@code log-group:reconciler}. */
    record MetricFilter(String logGroup, String pattern, String namespace, String metric, String value) {
    }

    record Registration(String function, String webhookUrl, String lifecycle) {
    }

    /**
     * The dashboard's metrics, each {@code namespace:metric} for a metric named in a widget, or
     * {@code namespace:metric{dimension,...}} for a search expression over a metric schema.
     */
    Set<String> dashboardMetrics() {
        Set<String> metrics = new TreeSet<>();
        Matcher literal = Pattern.compile("\\[\\s*\"([\\w/${}.]+)\",\\s*\"(\\w+)\"")
                .matcher(dashboard);
        while (literal.find()) {
            metrics.add(literal.group(1).replace("${var.stage}", "${Stage}") + ":" + literal.group(2));
        }
        Matcher search = Pattern.compile("SEARCH\\('\\{(\\w+),([\\w,]+)} MetricName=\\\\?\"(\\w+)\\\\?\"").matcher(dashboard);
        while (search.find()) {
            metrics.add(search.group(1) + ":" + search.group(3) + "{" + search.group(2) + "}");
        }
        return metrics;
    }
}
