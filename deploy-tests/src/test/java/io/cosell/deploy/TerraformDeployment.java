package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link Deployment} from the Terraform module as HashiCorp's HCL parser read it (one document per file). */
final class TerraformDeployment {

    private static final Pattern EXPRESSION = Pattern.compile("^\\$\\{(.*)}(.*)$", Pattern.DOTALL);

    private final ObjectNode resources = JsonNodeFactory.instance.objectNode();
    private final ObjectNode data = JsonNodeFactory.instance.objectNode();
    private final Set<String> outputs = new LinkedHashSet<>();
    private final ObjectNode locals = JsonNodeFactory.instance.objectNode();

    private TerraformDeployment(JsonNode files) {
        for (JsonNode file : files) {
            merge(file.path("resource"), resources);
            merge(file.path("data"), data);
            file.path("output").fieldNames().forEachRemaining(outputs::add);
            file.path("locals").forEach(block -> locals.setAll((ObjectNode) block));
        }
    }

    static Deployment read(JsonNode files) {
        return new TerraformDeployment(files).read();
    }

    /** Every resource of a type, by name (each block as the parser gives it: the first of its list). */
    Map<String, JsonNode> all(String type) {
        Map<String, JsonNode> blocks = new TreeMap<>();
        resources.path(type).properties().forEach(entry -> blocks.put(entry.getKey(), entry.getValue().path(0)));
        return blocks;
    }

    private Deployment read() {
        Map<String, Deployment.Function> functions = new TreeMap<>();
        all("aws_lambda_function").forEach((id, block) -> {
            Deployment.Function function = function(id, block);
            functions.put(function.name(), function);
        });
        List<Deployment.UrlPermission> permissions = new ArrayList<>();
        all("aws_lambda_permission").forEach((id, block) -> permissions.add(new Deployment.UrlPermission(
                qualified(block), block.path("action").asText(), block.path("principal").asText(),
                block.path("function_url_auth_type").asText(null),
                block.path("invoked_via_function_url").asBoolean(false))));
        Map<String, Deployment.Queue> queues = new TreeMap<>();
        all("aws_sqs_queue").forEach((id, block) -> {
            String redrive = block.path("redrive_policy").asText("");
            Matcher target = Pattern.compile("deadLetterTargetArn\\s*=\\s*(aws_sqs_queue\\.\\w+\\.arn)").matcher(redrive);
            Matcher count = Pattern.compile("maxReceiveCount\\s*=\\s*(\\d+)").matcher(redrive);
            String name = name(block.path("name"));
            queues.put(name, new Deployment.Queue(name, block.path("visibility_timeout_seconds").asInt(30),
                    target.find() ? reference(target.group(1)) : null, count.find() ? Integer.parseInt(count.group(1)) : 0,
                    block.path("sqs_managed_sse_enabled").asBoolean(false),
                    block.path("message_retention_seconds").asInt(345600)));
        });
        Deployment.Table table = all("aws_dynamodb_table").values().stream().findFirst().map(this::table).orElse(null);
        List<Deployment.EventSourceMapping> mappings = new ArrayList<>();
        all("aws_lambda_event_source_mapping").forEach((id, block) -> {
            List<String> types = new ArrayList<>();
            block.path("function_response_types").forEach(type -> types.add(type.asText()));
            mappings.add(new Deployment.EventSourceMapping(token(block.path("function_name")),
                    token(block.path("event_source_arn")), block.path("batch_size").asInt(10), types,
                    token(block.path("scaling_config").path(0).path("maximum_concurrency"))));
        });
        List<Deployment.Schedule> schedules = new ArrayList<>();
        all("aws_scheduler_schedule").forEach((id, block) -> {
            JsonNode target = block.path("target").path(0);
            schedules.add(new Deployment.Schedule(name(block.path("name")), token(target.path("arn")),
                    token(target.path("role_arn")), token(block.path("schedule_expression")), target.path("input").asText(null)));
        });
        Map<String, List<Deployment.Statement>> roles = new TreeMap<>();
        all("aws_iam_role").forEach((id, block) -> roles.put(name(block.path("name")), statements(id)));
        Map<String, Deployment.Alarm> alarms = new TreeMap<>();
        all("aws_cloudwatch_metric_alarm").forEach((id, block) -> {
            String name = name(block.path("alarm_name"));
            Map.Entry<String, JsonNode> dimension = block.path("dimensions").properties().stream().findFirst().orElse(null);
            alarms.put(name, new Deployment.Alarm(name, text(block.path("namespace")), block.path("metric_name").asText(),
                    dimension == null ? null : dimension.getKey() + "=" + token(dimension.getValue()),
                    block.path("threshold").asDouble(), block.path("comparison_operator").asText(),
                    "topic".equals(token(block.path("alarm_actions").path(0)))));
        });
        Map<String, Deployment.MetricFilter> metricFilters = new TreeMap<>();
        all("aws_cloudwatch_log_metric_filter").forEach((id, block) -> {
            JsonNode transformation = block.path("metric_transformation").path(0);
            String metric = transformation.path("name").asText();
            metricFilters.put(metric, new Deployment.MetricFilter(token(block.path("log_group_name")),
                    block.path("pattern").asText(), text(transformation.path("namespace")), metric,
                    transformation.path("value").asText()));
        });
        Map<String, String> logGroups = new TreeMap<>();
        all("aws_cloudwatch_log_group").forEach((id, block) ->
                logGroups.put(text(block.path("name")), token(block.path("retention_in_days"))));
        Set<String> secrets = new LinkedHashSet<>();
        all("aws_secretsmanager_secret").forEach((id, block) -> secrets.add(text(block.path("name"))));
        Deployment.Registration registration = all("aws_lambda_invocation").values().stream().findFirst()
                .map(block -> {
                    Matcher url = Pattern.compile("url\\s*=\\s*(aws_lambda_function_url\\.\\w+\\.function_url)")
                            .matcher(block.path("input").asText(""));
                    return new Deployment.Registration(qualified(block), url.find() ? reference(url.group(1)) : null,
                            "lifecycle_scope " + block.path("lifecycle_scope").asText());
                }).orElse(null);
        String dashboard = all("aws_cloudwatch_dashboard").values().stream().findFirst()
                .map(block -> block.path("dashboard_body").asText("")).orElse("");
        return new Deployment("infra/", functions, permissions, queues, table, mappings, schedules, roles, alarms,
                metricFilters, logGroups, secrets, outputs, registration, dashboard);
    }

    private Deployment.Function function(String id, JsonNode block) {
        String name = name(block.path("function_name"));
        String alias = all("aws_lambda_alias").values().stream()
                .filter(candidate -> candidate.path("function_name").asText()
                        .equals("${aws_lambda_function." + id + ".function_name}"))
                .map(candidate -> candidate.path("name").asText()).findFirst().orElse(null);
        String url = all("aws_lambda_function_url").values().stream()
                .filter(candidate -> qualified(candidate).equals("alias:" + name))
                .map(candidate -> candidate.path("authorization_type").asText()).findFirst().orElse(null);
        Map<String, String> environment = new TreeMap<>();
        block.path("environment").path(0).path("variables").properties()
                .forEach(variable -> environment.put(variable.getKey(), token(variable.getValue())));
        List<String> layers = new ArrayList<>();
        block.path("layers").forEach(layer -> layers.add(token(layer)));
        String snapStart = token(block.path("snap_start").path(0).path("apply_on"));
        String artifact = block.path("filename").asText().replace("${path.module}/../", "");
        return new Deployment.Function(name, artifact, block.path("runtime").asText(), literal(block.path("handler")),
                token(block.path("architectures").path(0)), block.path("memory_size").asInt(128),
                block.path("timeout").asInt(3), block.path("publish").asBoolean(false),
                "local:snap_start".equals(snapStart) ? "parameter" : snapStart, alias,
                token(block.path("logging_config").path(0).path("log_group")), layers, token(block.path("role")),
                environment, url);
    }

    private Deployment.Table table(JsonNode block) {
        Map<String, String> attributes = new TreeMap<>();
        block.path("attribute").forEach(attribute -> attributes.put(attribute.path("name").asText(),
                attribute.path("type").asText()));
        JsonNode ttl = block.path("ttl").path(0);
        String protection = block.path("deletion_protection_enabled").asText();
        return new Deployment.Table(name(block.path("name")), block.path("hash_key").asText(),
                block.path("range_key").asText(), block.path("billing_mode").asText().equals("PAY_PER_REQUEST"),
                ttl.path("enabled").asBoolean(false) ? ttl.path("attribute_name").asText() : null,
                block.path("point_in_time_recovery").path(0).path("enabled").asBoolean(false),
                protection.equals("${var.stage == \"production\"}") ? "production" : protection);
    }

    /** The statements of the inline policies attached to a role, from their aws_iam_policy_document. */
    private List<Deployment.Statement> statements(String roleId) {
        List<Deployment.Statement> statements = new ArrayList<>();
        all("aws_iam_role_policy").values().stream()
                .filter(policy -> policy.path("role").asText().equals("${aws_iam_role." + roleId + ".id}"))
                .forEach(policy -> {
                    Matcher document = Pattern.compile("^\\$\\{data\\.aws_iam_policy_document\\.(\\w+)\\.json}$")
                            .matcher(policy.path("policy").asText());
                    if (!document.matches()) {
                        statements.add(new Deployment.Statement("unreadable", List.of(policy.path("policy").asText()),
                                List.of("*")));
                        return;
                    }
                    for (JsonNode statement : data.path("aws_iam_policy_document").path(document.group(1)).path(0)
                            .path("statement")) {
                        List<String> actions = new ArrayList<>();
                        statement.path("actions").forEach(action -> actions.add(action.asText()));
                        List<String> targets = new ArrayList<>();
                        statement.path("resources").forEach(resource -> targets.add(token(resource)));
                        statements.add(new Deployment.Statement(statement.path("sid").asText(null), actions, targets));
                    }
                });
        all("aws_iam_role_policy_attachment").values().stream()
                .filter(attachment -> attachment.path("role").asText().contains("aws_iam_role." + roleId + "."))
                .forEach(attachment -> statements.add(new Deployment.Statement("managed",
                        List.of("managed:" + attachment.path("policy_arn").asText()), List.of("*"))));
        return statements;
    }

    /** A value, with a reference to a local that is a plain literal replaced by the literal. */
    private String literal(JsonNode node) {
        String value = token(node);
        if (value != null && value.startsWith("local:")) {
            JsonNode local = locals.path(value.substring("local:".length()));
            if (local.isTextual() && !local.asText().contains("${")) {
                return local.asText();
            }
        }
        return value;
    }

    /** The alias a block points at through function_name + qualifier. */
    private static String qualified(JsonNode block) {
        String function = token(block.path("function_name"));
        String qualifier = block.path("qualifier").asText("");
        Matcher alias = Pattern.compile("^\\$\\{aws_lambda_alias\\.(\\w+)\\.name}$").matcher(qualifier);
        if (function != null && function.startsWith("function:") && alias.matches()) {
            return "alias:" + alias.group(1).replace('_', '-');
        }
        return function;
    }

    private static String name(JsonNode node) {
        String text = text(node);
        return text != null && text.startsWith("cosell-${Stage}-") ? text.substring("cosell-${Stage}-".length()) : text;
    }

    /** A literal with the module's locals and the stage written as the SAM template writes them. */
    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.asText().replace("${local.name}", "cosell-${Stage}")
                .replace("${local.secrets_prefix}", "cosell/${Stage}/").replace("${var.stage}", "${Stage}");
    }

    static String token(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            return node.asText();
        }
        Matcher expression = EXPRESSION.matcher(node.asText());
        if (!expression.matches() || expression.group(1).contains("${")) {
            String text = text(node);
            return text.contains("${") ? "sub:" + text : text;
        }
        String reference = reference(expression.group(1));
        return expression.group(2).equals(":*") && reference.startsWith("log-group:") ? reference
                : reference + expression.group(2);
    }

    static String reference(String expression) {
        if (expression.startsWith("var.")) {
            return "param:" + expression.substring(4);
        }
        if (expression.equals("local.secrets_prefix")) {
            return "sub:cosell/${Stage}/";
        }
        if (expression.startsWith("local.")) {
            return "local:" + expression.substring(6);
        }
        Matcher matcher = Pattern.compile("^(aws_\\w+)\\.(\\w+)\\.(\\w+)$").matcher(expression);
        if (!matcher.matches()) {
            return "expr:" + expression;
        }
        String type = matcher.group(1);
        String name = matcher.group(2).replace('_', '-');
        String attribute = matcher.group(3);
        return switch (type) {
            case "aws_lambda_alias" -> "alias:" + name;
            case "aws_lambda_function" -> "function:" + name;
            case "aws_lambda_function_url" -> "url:" + name;
            case "aws_cloudwatch_log_group" -> "log-group:" + name;
            case "aws_iam_role" -> "role:" + name;
            case "aws_dynamodb_table" -> "table";
            case "aws_sqs_queue" -> (name.equals("sync") ? "sync-queue" : "dlq")
                    + (attribute.equals("url") ? "-url" : "");
            case "aws_secretsmanager_secret" -> "secret:" + name;
            case "aws_sns_topic" -> "topic";
            default -> "expr:" + expression;
        };
    }

    private static void merge(JsonNode from, ObjectNode into) {
        from.properties().forEach(type -> {
            ObjectNode target = into.has(type.getKey()) ? (ObjectNode) into.get(type.getKey()) : into.putObject(type.getKey());
            type.getValue().properties().forEach(block -> target.set(block.getKey(), block.getValue()));
        });
    }
}
