package io.cosell.deploy;

import io.smallrye.config.ConfigMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the code says a deployment needs, read from the repository itself: the functions that exist, the environment
 * variables the typed configuration can read, the settings each function's start-up check requires, the AWS calls
 * the code makes, and the inputs the scheduled functions are tested with.
 */
final class CodeFacts {

    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    private static final Map<String, String> DYNAMODB_ACTIONS = Map.of("getItem", "GetItem", "putItem", "PutItem",
            "updateItem", "UpdateItem", "deleteItem", "DeleteItem", "query", "Query", "scan", "Scan",
            "batchGetItem", "BatchGetItem", "batchWriteItem", "BatchWriteItem");
    private static final Map<String, String> TRANSACTION_ACTIONS = Map.of("put", "PutItem", "update", "UpdateItem",
            "delete", "DeleteItem", "conditionCheck", "ConditionCheckItem");

    private CodeFacts() {
    }

    private static Path root() {
        return DeployDocuments.repositoryRoot();
    }

    /** Every function module under functions/ (a directory with a pom.xml). */
    static Set<String> functions() {
        try (Stream<Path> children = Files.list(root().resolve("functions"))) {
            return children.filter(dir -> Files.exists(dir.resolve("pom.xml")))
                    .map(dir -> dir.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function module builds a Funqy Lambda function (so its handler is Funqy's stream handler). */
    static boolean isFunqyFunction(String function) {
        return read(root().resolve("functions").resolve(function).resolve("pom.xml"))
                .contains("<artifactId>quarkus-funqy-amazon-lambda</artifactId>");
    }

    /**
     * The handler the function must be started with: Funqy's stream handler, or the module's own subclass of it when
     * it has one (the mapper answers batches Funqy cannot).
     */
    static String handler(String function) {
        Path sources = root().resolve("functions").resolve(function).resolve("src/main/java");
        Pattern subclass = Pattern.compile("(?m)^package ([\\w.]+);[\\s\\S]*class (\\w+) extends FunqyStreamHandler\\b");
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java")).map(CodeFacts::read)
                    .map(subclass::matcher).filter(Matcher::find)
                    .map(found -> found.group(1) + "." + found.group(2) + "::handleRequest")
                    .findFirst().orElse(DeploymentTemplatesTest.FUNQY_HANDLER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every environment variable shared's @ConfigMapping interfaces can read (cosell.a.b-c -> COSELL_A_B_C). */
    static Set<String> configurableEnvironment() {
        Set<String> names = new TreeSet<>();
        Path config = root().resolve("shared/src/main/java/io/cosell/shared/config");
        try (Stream<Path> sources = Files.list(config)) {
            for (Path source : sources.filter(file -> read(file).contains("@ConfigMapping(")).toList()) {
                Class<?> type = Class.forName("io.cosell.shared.config." + source.getFileName().toString().replace(".java", ""));
                collect(type, type.getAnnotation(ConfigMapping.class).prefix(), names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        names.addAll(injectedSettings());
        return names;
    }

    /** The settings shared's beans take one by one ({@code @ConfigProperty(name = "cosell....")}), as variables. */
    private static Set<String> injectedSettings() {
        Set<String> names = new TreeSet<>();
        Pattern property = Pattern.compile("@ConfigProperty\\(name = \"(cosell\\.[a-z0-9.-]+)\"");
        try (Stream<Path> sources = Files.walk(root().resolve("shared/src/main/java"))) {
            for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                Matcher setting = property.matcher(read(source));
                while (setting.find()) {
                    names.add(environmentName(setting.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void collect(Class<?> type, String prefix, Set<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            String property = prefix + "." + CAMEL.matcher(method.getName()).replaceAll("-").toLowerCase();
            Class<?> result = method.getReturnType();
            if (result.isInterface() && result.getEnclosingClass() != null
                    && result.getEnclosingClass().getPackageName().startsWith("io.cosell")) {
                collect(result, property, names);
            } else {
                names.add(environmentName(property));
            }
        }
    }

    static String environmentName(String property) {
        return property.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /**
     * The settings the function's start-up check requires: its application.properties gives each one a %test value
     * ("the start-up check wants their settings"), as environment variable names.
     */
    static Set<String> requiredEnvironment(String function) {
        Set<String> names = new TreeSet<>();
        String properties = read(root().resolve("functions").resolve(function)
                .resolve("src/main/resources/application.properties"));
        Matcher setting = Pattern.compile("(?m)^%test\\.(cosell\\.[a-z0-9.-]+)=").matcher(properties);
        while (setting.find()) {
            names.add(environmentName(setting.group(1)));
        }
        return names;
    }

    /**
     * The DynamoDB actions the state store calls (SyncStateTable only creates the table for local runs; SyncStateReader
     * is the operator's command line's, run with the operator's own credentials, never by a function).
     */
    static Set<String> dynamoDbActions() {
        Set<String> actions = new TreeSet<>();
        Path state = root().resolve("shared/src/main/java/io/cosell/shared/state");
        try (Stream<Path> sources = Files.list(state)) {
            for (Path source : sources.filter(file -> !Set.of("SyncStateTable.java", "SyncStateReader.java")
                    .contains(file.getFileName().toString())).toList()) {
                String code = read(source);
                Matcher call = Pattern.compile("dynamoDb\\.(\\w+)\\(").matcher(code);
                while (call.find()) {
                    if (!call.group(1).equals("transactWriteItems")) {
                        actions.add("dynamodb:" + known(DYNAMODB_ACTIONS, call.group(1), source));
                    }
                }
                Matcher item = Pattern.compile("\\.(put|update|delete|conditionCheck)\\((?:Put|Update|Delete|ConditionCheck)\\.builder\\(\\)")
                        .matcher(code);
                while (item.find()) {
                    actions.add("dynamodb:" + TRANSACTION_ACTIONS.get(item.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return actions;
    }

    /**
     * The DynamoDB actions the doctor calls on the state table (shared's doctor package: the table's description, its
     * cursors and leases; MigrationGate's cursor read is a GetItem too).
     */
    static Set<String> doctorTableActions() {
        Map<String, String> known = new TreeMap<>(DYNAMODB_ACTIONS);
        known.put("describeTable", "DescribeTable");
        Set<String> actions = new TreeSet<>(Set.of("dynamodb:GetItem"));
        for (Path source : doctorSources()) {
            Matcher call = Pattern.compile("dynamoDb\\.(\\w+)\\(").matcher(read(source));
            while (call.find()) {
                actions.add("dynamodb:" + known(known, call.group(1), source));
            }
        }
        return actions;
    }

    /** The SQS actions the doctor calls on both queues (their depth). */
    static Set<String> doctorQueueActions() {
        Set<String> actions = new TreeSet<>();
        doctorSources().forEach(source -> actions.addAll(sqsActionsCalledIn(source)));
        return actions;
    }

    private static List<Path> doctorSources() {
        try (Stream<Path> sources = Files.list(root().resolve("shared/src/main/java/io/cosell/shared/doctor"))) {
            return sources.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SQS actions the sync queue calls. */
    static Set<String> sqsActions() {
        return sqsActionsCalledIn(root().resolve("shared/src/main/java/io/cosell/shared/queue/SqsSyncQueue.java"));
    }

    /** The SQS actions the mapper's backoff of a failed message calls on the queue it consumes. */
    static Set<String> redeliveryActions() {
        return sqsActionsCalledIn(root().resolve("shared/src/main/java/io/cosell/shared/queue/SqsRedelivery.java"));
    }

    /** Every {@code sqs.someCall(} in a source file, as its IAM action ({@code sqs:SomeCall}). */
    private static Set<String> sqsActionsCalledIn(Path source) {
        Set<String> actions = new TreeSet<>();
        Matcher call = Pattern.compile("sqs\\.(\\w+)\\(").matcher(read(source));
        while (call.find()) {
            actions.add("sqs:" + Character.toUpperCase(call.group(1).charAt(0)) + call.group(1).substring(1));
        }
        return actions;
    }

    /**
     * The SQS actions the dead-letter replay calls on the dead-letter queue (its sends go to the sync queue, whose
     * SendMessage {@link #sqsActions()} has).
     */
    static Set<String> deadLetterQueueActions() {
        Set<String> actions = new TreeSet<>();
        Path source = root().resolve("shared/src/main/java/io/cosell/shared/queue/SqsDeadLetterQueue.java");
        Matcher call = Pattern.compile("sqs\\.(\\w+)\\(b -> b\\.queueUrl\\((\\w+)\\)").matcher(read(source));
        while (call.find()) {
            if (call.group(2).equals("deadLetterQueueUrl")) {
                actions.add("sqs:" + Character.toUpperCase(call.group(1).charAt(0)) + call.group(1).substring(1));
            } else if (!call.group(2).equals("syncQueueUrl")) {
                throw new AssertionError("SqsDeadLetterQueue calls sqs." + call.group(1) + " on " + call.group(2));
            }
        }
        return actions;
    }

    /** The Secrets Manager action behind the secrets extension endpoint the code calls. */
    static Set<String> secretsActions() {
        String source = read(root().resolve("shared/src/main/java/io/cosell/shared/secrets/LambdaExtensionSecretSource.java"));
        return source.contains("/secretsmanager/get?secretId=") ? Set.of("secretsmanager:GetSecretValue") : Set.of();
    }

    /**
     * The Secrets Manager actions the refresh-token store calls through the AWS SDK on the refresh-token secret (it
     * reads AWSCURRENT, writes the rotated token and moves the label), e.g. {@code secretsmanager:PutSecretValue}.
     */
    static Set<String> refreshTokenActions() {
        Set<String> actions = new TreeSet<>();
        Matcher call = Pattern.compile("secrets\\.(\\w+)\\(").matcher(read(root().resolve(
                "shared/src/main/java/io/cosell/shared/secrets/SecretsManagerRefreshTokenStore.java")));
        while (call.find()) {
            actions.add("secretsmanager:" + Character.toUpperCase(call.group(1).charAt(0)) + call.group(1).substring(1));
        }
        return actions;
    }

    /** The Secrets Manager action behind the refresh-token store's read (its load), e.g. for the doctor. */
    static Set<String> refreshTokenReadActions() {
        Matcher call = Pattern.compile("public Optional<StoredRefreshToken> load\\(\\) \\{[\\s\\S]*?secrets\\.(\\w+)\\(")
                .matcher(read(root().resolve(
                        "shared/src/main/java/io/cosell/shared/secrets/SecretsManagerRefreshTokenStore.java")));
        if (!call.find()) {
            throw new AssertionError("SecretsManagerRefreshTokenStore.load() calls no secrets.*(…)");
        }
        return Set.of("secretsmanager:" + Character.toUpperCase(call.group(1).charAt(0)) + call.group(1).substring(1));
    }

    /** The secret names the code reads (ApiProducers' constants), as ids under the stage's prefix. */
    static Map<String, String> secretNames() {
        Map<String, String> names = new TreeMap<>();
        Matcher constant = Pattern.compile("public static final String (\\w+) = \"([a-z-]+)\";")
                .matcher(read(root().resolve("shared/src/main/java/io/cosell/shared/config/ApiProducers.java")));
        while (constant.find()) {
            names.put(constant.group(1), constant.group(2));
        }
        return names;
    }

    /** Functions run by a schedule: those tested with EventBridge Scheduler inputs (events/scheduler-input-*.json). */
    static Map<String, List<String>> scheduleInputs() {
        Map<String, List<String>> inputs = new TreeMap<>();
        for (String function : functions()) {
            Path events = root().resolve("functions").resolve(function).resolve("src/test/resources/events");
            if (!Files.isDirectory(events)) {
                continue;
            }
            try (Stream<Path> files = Files.list(events)) {
                List<String> fixtures = files.filter(file -> file.getFileName().toString().startsWith("scheduler-input-"))
                        .map(CodeFacts::read).toList();
                if (!fixtures.isEmpty()) {
                    inputs.put(function, fixtures);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return inputs;
    }

    private static String known(Map<String, String> actions, String method, Path source) {
        String action = actions.get(method);
        if (action == null) {
            throw new AssertionError(source.getFileName() + " calls dynamoDb." + method + ": add its IAM action to CodeFacts");
        }
        return action;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
