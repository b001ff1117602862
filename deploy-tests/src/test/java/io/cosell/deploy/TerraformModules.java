package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Terraform module with each call of a local module written out as the blocks it creates, as Terraform evaluates
 * them: the called module's resources and data sources with its variables, locals, {@code count} and
 * {@code dynamic} blocks resolved from the call's inputs, and the root's {@code module.<call>.<output>} references
 * replaced by what the outputs refer to. A module's block {@code this} becomes the block named after the call, any
 * other {@code <call>_<name>}: the addresses the same resources had before the module, so the rest of the reading is
 * the one of a module without calls.
 */
final class TerraformModules {

    /** A call's resource moved into a module: its address without the module, and inside it. */
    record Moved(String from, String to) {
    }

    private static final Pattern WHOLE = Pattern.compile("^\\$\\{\\s*([\\w.]+)\\s*}$");
    private static final Pattern VARIABLE = Pattern.compile("(?<![\\w.])(?:var|local|\\w+\\.value)(?:\\.\\w+)+");
    private static final Pattern BLOCK = Pattern.compile("(?<![\\w.])(data\\.)?(aws_\\w+)\\.(\\w+)(?=[.\\[}\\s]|$)");
    private static final Pattern MODULE_OUTPUT = Pattern.compile("(?<![\\w.])module\\.(\\w+)\\.(\\w+)");
    private static final Pattern COUNT_UNLESS_NULL = Pattern.compile("^\\$\\{var\\.(\\w+) == null \\? 0 : 1}$");

    private final ObjectNode rootLocals = JsonNodeFactory.instance.objectNode();
    private final Map<String, ObjectNode> outputs = new LinkedHashMap<>();
    private final List<Moved> moved = new ArrayList<>();
    private final ArrayNode files = JsonNodeFactory.instance.arrayNode();

    private TerraformModules(JsonNode parsed) {
        JsonNode rootFiles = parsed.path("files");
        rootFiles.forEach(file -> file.path("locals").forEach(block -> rootLocals.setAll((ObjectNode) block)));
        rootFiles.forEach(file -> file.path("module").properties().forEach(call -> {
            JsonNode arguments = call.getValue().path(0);
            JsonNode module = parsed.path("modules").path(arguments.path("source").asText());
            if (module.isMissingNode()) {
                throw new AssertionError("module " + call.getKey() + ": its source " + arguments.path("source")
                        + " was not parsed (only local modules are)");
            }
            files.add(new Call(call.getKey(), arguments, module).instantiate());
        }));
        rootFiles.forEach(files::add);
        checkNoCollision();
        for (JsonNode file : files) {
            file.properties().forEach(blocks -> {
                if (!blocks.getKey().equals("moved")) {
                    blocks.setValue(substitute(blocks.getValue(), this::moduleOutput, null));
                }
            });
        }
    }

    /** Every file as the module without calls would have it: the root's, then one per call. */
    static JsonNode flatten(JsonNode parsed) {
        return new TerraformModules(parsed).files;
    }

    /** Where each resource a call creates was before the module, and its address in the module. */
    static List<Moved> movedByCalls(JsonNode parsed) {
        return new TerraformModules(parsed).moved;
    }

    private final class Call {
        private final String name;
        private final JsonNode arguments;
        private final ObjectNode variables = JsonNodeFactory.instance.objectNode();
        private final ObjectNode locals = JsonNodeFactory.instance.objectNode();
        private final JsonNode module;

        Call(String name, JsonNode arguments, JsonNode module) {
            this.name = name;
            this.arguments = arguments;
            this.module = module;
            module.forEach(file -> {
                file.path("variable").properties().forEach(variable -> variables.set(variable.getKey(),
                        variable.getValue().path(0)));
                file.path("locals").forEach(block -> locals.setAll((ObjectNode) block));
            });
            arguments.fieldNames().forEachRemaining(argument -> {
                if (!argument.equals("source") && !variables.has(argument)) {
                    throw new AssertionError("module " + name + ": no variable " + argument);
                }
            });
            variables.properties().forEach(variable -> {
                if (!arguments.has(variable.getKey()) && !variable.getValue().has("default")) {
                    throw new AssertionError("module " + name + ": variable " + variable.getKey() + " is required");
                }
            });
        }

        ObjectNode instantiate() {
            ObjectNode file = JsonNodeFactory.instance.objectNode();
            module.forEach(moduleFile -> {
                copy(moduleFile.path("resource"), object(file, "resource"), true);
                copy(moduleFile.path("data"), object(file, "data"), false);
                moduleFile.path("output").properties().forEach(output -> outputs.computeIfAbsent(name,
                        call -> JsonNodeFactory.instance.objectNode()).set(output.getKey(),
                        instantiate(output.getValue().path(0).path("value"))));
            });
            return file;
        }

        private void copy(JsonNode types, ObjectNode into, boolean resources) {
            types.properties().forEach(type -> type.getValue().properties().forEach(block -> {
                JsonNode body = block.getValue().path(0);
                boolean counted = body.has("count");
                if (counted && !counts(body.path("count").asText())) {
                    return;
                }
                ObjectNode instance = (ObjectNode) instantiate(body);
                instance.remove("count");
                object(into, type.getKey()).putArray(id(block.getKey())).add(instance);
                if (resources) {
                    moved.add(new Moved(type.getKey() + "." + id(block.getKey()),
                            "module." + name + "." + type.getKey() + "." + block.getKey() + (counted ? "[0]" : "")));
                }
            }));
        }

        private boolean counts(String count) {
            Matcher unlessNull = COUNT_UNLESS_NULL.matcher(count);
            if (!unlessNull.matches()) {
                throw new AssertionError("module " + name + ": count " + count + " is not read by these tests");
            }
            JsonNode argument = arguments.path(unlessNull.group(1));
            return !argument.isMissingNode() && !argument.isNull();
        }

        private String id(String block) {
            return block.equals("this") ? name : name + "_" + block;
        }

        /** A node of the module with its own blocks renamed and its variables and locals resolved. */
        JsonNode instantiate(JsonNode node) {
            return substitute(node, this::rename, this::resolve);
        }

        private String rename(String text) {
            Matcher block = BLOCK.matcher(text);
            StringBuilder renamed = new StringBuilder();
            while (block.find()) {
                String kind = block.group(1) == null ? "resource" : "data";
                boolean own = false;
                for (JsonNode file : module) {
                    own |= file.path(kind).path(block.group(2)).has(block.group(3));
                }
                block.appendReplacement(renamed, Matcher.quoteReplacement(own
                        ? (block.group(1) == null ? "" : "data.") + block.group(2) + "." + id(block.group(3))
                        : block.group()));
            }
            return block.appendTail(renamed).toString();
        }

        /** A variable or local of the module (with attributes); null if the path is neither. */
        private JsonNode resolve(String path) {
            String[] parts = path.split("\\.");
            JsonNode value;
            if (parts[0].equals("var") && variables.has(parts[1])) {
                value = rootLocals(arguments.has(parts[1]) ? arguments.get(parts[1])
                        : variables.get(parts[1]).get("default"));
            } else if (parts[0].equals("local") && locals.has(parts[1])) {
                value = instantiate(locals.get(parts[1]));
            } else {
                return null;
            }
            for (int i = 2; i < parts.length && value != null; i++) {
                value = value.isObject() ? value.get(parts[i]) : null;
            }
            return value;
        }
    }

    /**
     * A node with each reference {@code resolve} knows replaced by its value: a whole {@code ${path}} by the value
     * itself, a path inside a longer text by the value's text when it can be written there; {@code rename} applies to
     * each text first. Replaced values are not read again, and a {@code dynamic} block becomes the blocks it makes
     * (with {@code resolve} null, only {@code rename} applies).
     */
    private static JsonNode substitute(JsonNode node, Function<String, String> rename,
                                       Function<String, JsonNode> resolve) {
        if (node.isTextual()) {
            String renamed = rename.apply(node.asText());
            return resolve == null ? new TextNode(renamed) : substituteText(renamed, resolve);
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(substitute(element, rename, resolve)));
            return array;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(field -> {
            if (resolve == null || !field.getKey().equals("dynamic")) {
                object.set(field.getKey(), substitute(field.getValue(), rename, resolve));
            }
        });
        if (resolve == null) {
            return object;
        }
        node.path("dynamic").properties().forEach(dynamic -> dynamic.getValue().forEach(spec -> {
            JsonNode each = substitute(spec.path("for_each"), rename, resolve);
            if (!each.isContainerNode()) {
                throw new AssertionError("dynamic " + dynamic.getKey() + ": for_each " + each + " is not read by these tests");
            }
            String iterator = dynamic.getKey() + ".value";
            ArrayNode blocks = object.has(dynamic.getKey()) ? (ArrayNode) object.get(dynamic.getKey())
                    : object.putArray(dynamic.getKey());
            each.forEach(element -> blocks.add(substitute(spec.path("content").path(0), rename, path ->
                    path.equals(iterator) || path.startsWith(iterator + ".")
                            ? attribute(element, path.substring(iterator.length())) : resolve.apply(path))));
        }));
        return object;
    }

    private static JsonNode substituteText(String text, Function<String, JsonNode> resolve) {
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches()) {
            JsonNode value = resolve.apply(whole.group(1));
            if (value != null) {
                return value.deepCopy();
            }
        }
        StringBuilder result = new StringBuilder();
        int from = 0;
        Matcher reference = VARIABLE.matcher(text);
        while (reference.find()) {
            JsonNode value = resolve.apply(reference.group());
            boolean alone = reference.start() >= 2 && text.startsWith("${", reference.start() - 2)
                    && text.startsWith("}", reference.end());
            Written written = value == null ? null : written(value, alone);
            if (written != null) {
                result.append(text, from, written.braces() ? reference.start() - 2 : reference.start())
                        .append(written.text());
                from = written.braces() ? reference.end() + 1 : reference.end();
            }
        }
        return new TextNode(result.append(text.substring(from)).toString());
    }

    /** What replaces a reference; {@code braces} when it replaces the {@code ${…}} around it too. */
    private record Written(String text, boolean braces) {
    }

    /**
     * How a value is written in place of a reference: a reference by its expression; alone inside {@code ${…}}, a
     * text or number as it is, in place of the braces; in a longer expression a text quoted, a number as it is. Null
     * when it cannot be written there (a list or an object, a template inside an expression).
     */
    private static Written written(JsonNode value, boolean alone) {
        if (value.isTextual()) {
            Matcher reference = WHOLE.matcher(value.asText());
            if (reference.matches()) {
                return new Written(reference.group(1), false);
            }
            if (alone) {
                return new Written(value.asText(), true);
            }
            return value.asText().contains("${") ? null
                    : new Written(DeployDocuments.JSON.valueToTree(value.asText()).toString(), false);
        }
        if (value.isNumber() || value.isBoolean()) {
            return new Written(value.asText(), alone);
        }
        return null;
    }

    private static JsonNode attribute(JsonNode value, String path) {
        JsonNode attribute = value;
        for (String part : path.isEmpty() ? new String[0] : path.substring(1).split("\\.")) {
            attribute = attribute == null || !attribute.isObject() ? null : attribute.get(part);
        }
        return attribute;
    }

    /** A value from the root with its references to list or object locals replaced by their values. */
    private JsonNode rootLocals(JsonNode value) {
        if (value == null) {
            return null;
        }
        return substitute(value, text -> text, path -> {
            String[] parts = path.split("\\.");
            JsonNode local = parts[0].equals("local") ? rootLocals.get(parts[1]) : null;
            return local != null && local.isContainerNode() ? attribute(rootLocals(local),
                    path.substring(("local." + parts[1]).length())) : null;
        });
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    private String moduleOutput(String text) {
        Matcher output = MODULE_OUTPUT.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (output.find()) {
            JsonNode value = outputs.getOrDefault(output.group(1), JsonNodeFactory.instance.objectNode())
                    .path(output.group(2));
            Matcher reference = WHOLE.matcher(value.asText(""));
            if (!reference.matches()) {
                throw new AssertionError(output.group() + ": no such module output, or not a reference");
            }
            output.appendReplacement(resolved, Matcher.quoteReplacement(reference.group(1)));
        }
        return output.appendTail(resolved).toString();
    }

    private void checkNoCollision() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        files.forEach(file -> List.of("resource", "data").forEach(kind -> file.path(kind).properties()
                .forEach(type -> type.getValue().fieldNames().forEachRemaining(id ->
                        seen.merge(kind + " " + type.getKey() + "." + id, 1, Integer::sum)))));
        seen.forEach((block, count) -> {
            if (count > 1) {
                throw new AssertionError(block + " is declared " + count + " times (a module call's blocks are named "
                        + "after the call)");
            }
        });
    }
}
