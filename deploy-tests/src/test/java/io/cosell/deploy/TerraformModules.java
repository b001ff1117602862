package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                    blocks.setValue(HclReferences.substitute(blocks.getValue(), this::moduleOutput, null));
                }
            });
        }
    }

    /** Every file as the module without calls would have it: one per call, then the root's. */
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
            JsonNode value = resolve("var." + unlessNull.group(1));
            return value != null && !value.isNull();
        }

        private String id(String block) {
            return block.equals("this") ? name : name + "_" + block;
        }

        /** A node of the module with its own blocks renamed and its variables and locals resolved. */
        JsonNode instantiate(JsonNode node) {
            return HclReferences.substitute(node, this::rename, this::resolve);
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

    /** A value from the root with its references to list or object locals replaced by their values. */
    private JsonNode rootLocals(JsonNode value) {
        if (value == null) {
            return null;
        }
        return HclReferences.substitute(value, text -> text, path -> {
            String[] parts = path.split("\\.");
            JsonNode local = parts[0].equals("local") ? rootLocals.get(parts[1]) : null;
            return local != null && local.isContainerNode() ? HclReferences.attribute(rootLocals(local),
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
            Matcher reference = HclReferences.WHOLE.matcher(value.asText(""));
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
