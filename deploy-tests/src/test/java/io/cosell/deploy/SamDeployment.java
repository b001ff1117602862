package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link Deployment} from the SAM template as the AWS SAM translator expanded it. */
final class SamDeployment {

    private static final String PREFIX = "cosell-${Stage}-";
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final JsonNode resources;
    private final JsonNode raw;

    private SamDeployment(JsonNode raw, JsonNode expanded) {
        this.raw = raw;
        this.resources = expanded.path("Resources");
    }

    static Deployment read(JsonNode raw, JsonNode expanded) {
        return new SamDeployment(raw, expanded).read();
    }

    private Deployment read() {
        Map<String, Deployment.Function> functions = new TreeMap<>();
        List<Deployment.UrlPermission> permissions = new ArrayList<>();
        Map<String, Deployment.Queue> queues = new TreeMap<>();
        Deployment.Table table = null;
        List<Deployment.EventSourceMapping> mappings = new ArrayList<>();
        List<Deployment.Schedule> schedules = new ArrayList<>();
        Map<String, List<Deployment.Statement>> roles = new TreeMap<>();
        Map<String, Deployment.Alarm> alarms = new TreeMap<>();
        Map<String, Deployment.MetricFilter> metricFilters = new TreeMap<>();
        Map<String, String> logGroups = new TreeMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        Deployment.Registration registration = null;
        String dashboard = "";
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            String logicalId = entry.getKey();
            JsonNode properties = entry.getValue().path("Properties");
            switch (entry.getValue().path("Type").asText()) {
                case "AWS::Lambda::Function" -> {
                    Deployment.Function function = function(logicalId, properties);
                    functions.put(function.name(), function);
                }
                case "AWS::Lambda::Permission" -> permissions.add(new Deployment.UrlPermission(
                        token(properties.path("FunctionName")), properties.path("Action").asText(),
                        properties.path("Principal").asText(), properties.path("FunctionUrlAuthType").asText(null),
                        properties.path("InvokedViaFunctionUrl").asBoolean(false)));
                case "AWS::SQS::Queue" -> {
                    JsonNode redrive = properties.path("RedrivePolicy");
                    String name = name(properties.path("QueueName"));
                    queues.put(name, new Deployment.Queue(name, properties.path("VisibilityTimeout").asInt(30),
                            redrive.isMissingNode() ? null : token(redrive.path("deadLetterTargetArn")),
                            redrive.path("maxReceiveCount").asInt(0),
                            properties.path("SqsManagedSseEnabled").asBoolean(false),
                            properties.path("MessageRetentionPeriod").asInt(345600)));
                }
                case "AWS::DynamoDB::Table" -> table = table(properties);
                case "AWS::Lambda::EventSourceMapping" -> {
                    List<String> types = new ArrayList<>();
                    properties.path("FunctionResponseTypes").forEach(type -> types.add(type.asText()));
                    mappings.add(new Deployment.EventSourceMapping(token(properties.path("FunctionName")),
                            token(properties.path("EventSourceArn")), properties.path("BatchSize").asInt(10), types,
                            token(properties.path("ScalingConfig").path("MaximumConcurrency"))));
                }
                case "AWS::Scheduler::Schedule" -> schedules.add(new Deployment.Schedule(
                        name(properties.path("Name")), token(properties.path("Target").path("Arn")),
                        token(properties.path("Target").path("RoleArn")), token(properties.path("ScheduleExpression")),
                        properties.path("Target").path("Input").asText(null)));
                case "AWS::IAM::Role" -> roles.put(name(properties.path("RoleName")), statements(properties));
                case "AWS::CloudWatch::Alarm" -> {
                    String name = name(properties.path("AlarmName"));
                    JsonNode dimension = properties.path("Dimensions").path(0);
                    alarms.put(name, new Deployment.Alarm(name, text(properties.path("Namespace")),
                            properties.path("MetricName").asText(),
                            dimension.isMissingNode() ? null : dimension.path("Name").asText() + "=" + token(dimension.path("Value")),
                            properties.path("Threshold").asDouble(), properties.path("ComparisonOperator").asText(),
                            "topic".equals(token(properties.path("AlarmActions").path(0)))));
                }
                case "AWS::Logs::MetricFilter" -> {
                    JsonNode transformation = properties.path("MetricTransformations").path(0);
                    String metric = transformation.path("MetricName").asText();
                    metricFilters.put(metric, new Deployment.MetricFilter(token(properties.path("LogGroupName")),
                            properties.path("FilterPattern").asText(), text(transformation.path("MetricNamespace")),
                            metric, transformation.path("MetricValue").asText()));
                }
                case "AWS::Logs::LogGroup" -> logGroups.put(text(properties.path("LogGroupName")),
                        token(properties.path("RetentionInDays")));
                case "AWS::SecretsManager::Secret" -> secrets.add(text(properties.path("Name")));
                case "AWS::CloudWatch::Dashboard" -> dashboard = text(properties.path("DashboardBody"));
                default -> {
                    if (entry.getValue().path("Type").asText().startsWith("Custom::")) {
                        registration = new Deployment.Registration(token(properties.path("ServiceToken")),
                                token(properties.path("WebhookUrl")), "CloudFormation custom resource");
                    }
                }
            }
        }
        Set<String> outputs = new LinkedHashSet<>();
        raw.path("Outputs").fieldNames().forEachRemaining(name -> outputs.add(snake(name)));
        return new Deployment("template.yaml", functions, permissions, queues, table, mappings, schedules, roles,
                alarms, metricFilters, logGroups, secrets, outputs, registration, dashboard);
    }

    private Deployment.Function function(String logicalId, JsonNode properties) {
        String name = name(properties.path("FunctionName"));
        String alias = null;
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            JsonNode aliasProperties = entry.getValue().path("Properties");
            if (entry.getValue().path("Type").asText().equals("AWS::Lambda::Alias")
                    && aliasProperties.path("FunctionName").path("Ref").asText().equals(logicalId)) {
                alias = aliasProperties.path("Name").asText();
            }
        }
        boolean publishes = alias != null;
        String url = null;
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::Lambda::Url")
                    && token(resource.path("Properties").path("TargetFunctionArn")).equals("alias:" + name)) {
                url = resource.path("Properties").path("AuthType").asText();
            }
        }
        Map<String, String> environment = new TreeMap<>();
        properties.path("Environment").path("Variables").properties()
                .forEach(variable -> environment.put(variable.getKey(), token(variable.getValue())));
        List<String> layers = new ArrayList<>();
        properties.path("Layers").forEach(layer -> layers.add(token(layer)));
        JsonNode snapStart = properties.path("SnapStart").path("ApplyOn");
        String codeUri = raw.path("Resources").path(logicalId).path("Properties").path("CodeUri").asText(null);
        return new Deployment.Function(name, codeUri, properties.path("Runtime").asText(),
                properties.path("Handler").asText(), token(properties.path("Architectures").path(0)),
                properties.path("MemorySize").asInt(128), properties.path("Timeout").asInt(3), publishes,
                snapStart.has("Fn::If") ? "parameter" : snapStart.asText("None"), alias,
                token(properties.path("LoggingConfig").path("LogGroup")), layers,
                token(properties.path("Role")), environment, url);
    }

    private static Deployment.Table table(JsonNode properties) {
        String partitionKey = null;
        String sortKey = null;
        for (JsonNode key : properties.path("KeySchema")) {
            if (key.path("KeyType").asText().equals("HASH")) {
                partitionKey = key.path("AttributeName").asText();
            } else {
                sortKey = key.path("AttributeName").asText();
            }
        }
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        JsonNode protection = properties.path("DeletionProtectionEnabled");
        String deletionProtection = protection.has("Fn::If")
                && protection.path("Fn::If").path(0).asText().equals("IsProduction")
                && protection.path("Fn::If").path(1).asBoolean() && !protection.path("Fn::If").path(2).asBoolean()
                ? "production" : protection.asText("off");
        return new Deployment.Table(name(properties.path("TableName")), partitionKey, sortKey,
                properties.path("BillingMode").asText().equals("PAY_PER_REQUEST"),
                ttl.path("Enabled").asBoolean(false) ? ttl.path("AttributeName").asText() : null,
                properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean(false),
                deletionProtection);
    }

    private static List<Deployment.Statement> statements(JsonNode role) {
        List<Deployment.Statement> statements = new ArrayList<>();
        for (JsonNode policy : role.path("Policies")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                statements.add(new Deployment.Statement(statement.path("Sid").asText(null),
                        texts(statement.path("Action")), tokens(statement.path("Resource"))));
            }
        }
        for (JsonNode managed : role.path("ManagedPolicyArns")) {
            statements.add(new Deployment.Statement("managed", List.of("managed:" + token(managed)), List.of("*")));
        }
        return statements;
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    private static List<String> tokens(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(token(value)));
        } else if (!node.isMissingNode()) {
            values.add(token(node));
        }
        return values;
    }

    /** The part after cosell-${Stage}- of a name written as Fn::Sub. */
    private static String name(JsonNode node) {
        String text = text(node);
        return text != null && text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    }

    /** A literal, or the Fn::Sub pattern with ${Stage} in it. */
    private static String text(JsonNode node) {
        if (node.has("Fn::Sub")) {
            return node.path("Fn::Sub").asText();
        }
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** What a value refers to, as a neutral token (see {@link Deployment}); a literal stays as it is. */
    static String token(JsonNode node) {
        if (node.has("Ref")) {
            return reference(node.path("Ref").asText(), "Ref");
        }
        if (node.has("Fn::GetAtt")) {
            return reference(node.path("Fn::GetAtt").path(0).asText(), node.path("Fn::GetAtt").path(1).asText());
        }
        if (node.has("Fn::Sub")) {
            return "sub:" + node.path("Fn::Sub").asText();
        }
        if (node.has("Fn::If")) {
            return "if:" + node.path("Fn::If").path(0).asText();
        }
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String reference(String logicalId, String attribute) {
        Matcher alias = Pattern.compile("(\\w+)FunctionAlias(\\w+)").matcher(logicalId);
        if (alias.matches()) {
            return "alias:" + kebab(alias.group(1));
        }
        if (logicalId.endsWith("FunctionUrl") && attribute.equals("FunctionUrl")) {
            return "url:" + kebab(logicalId.substring(0, logicalId.length() - "FunctionUrl".length()));
        }
        if (logicalId.endsWith("LogGroup")) {
            return "log-group:" + kebab(logicalId.substring(0, logicalId.length() - "LogGroup".length()));
        }
        if (logicalId.endsWith("Role")) {
            return "role:" + kebab(logicalId.substring(0, logicalId.length() - "Role".length()));
        }
        if (logicalId.endsWith("Function")) {
            return "function:" + kebab(logicalId.substring(0, logicalId.length() - "Function".length()));
        }
        return switch (logicalId) {
            case "SyncTable" -> "table";
            case "SyncQueue" -> attribute.equals("Ref") ? "sync-queue-url" : "sync-queue";
            case "SyncDeadLetterQueue" -> attribute.equals("Ref") ? "dlq-url" : "dlq";
            case "EntraClientSecretValue" -> "secret:entra-client-secret";
            case "PartnerCenterRefreshToken" -> "secret:partner-center-refresh-token";
            case "AlarmTopic" -> "topic";
            default -> "param:" + snake(logicalId);
        };
    }

    static String kebab(String camel) {
        return CAMEL.matcher(camel).replaceAll("-").toLowerCase();
    }

    static String snake(String camel) {
        return CAMEL.matcher(camel).replaceAll("_").toLowerCase();
    }
}
