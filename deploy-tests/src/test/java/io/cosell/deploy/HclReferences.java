package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References in Terraform as HashiCorp's HCL parser writes them to JSON ({@code "${var.name}"},
 * {@code "${local.prefix}-mapper"}, {@code "${jsonencode({…})}"}), replaced by what they refer to.
 */
final class HclReferences {

    /** A text that is one reference and nothing else. */
    static final Pattern WHOLE = Pattern.compile("^\\$\\{\\s*([\\w.]+)\\s*}$");
    /** A variable, local or iterator value, with its attributes. */
    private static final Pattern VARIABLE = Pattern.compile("(?<![\\w.])(?:var|local|\\w+\\.value)(?:\\.\\w+)+");

    private HclReferences() {
    }

    /**
     * A node with each reference {@code resolve} knows replaced by its value: a whole {@code ${path}} by the value
     * itself, a path inside a longer text by the value's text when it can be written there; {@code rename} applies to
     * each text first. Replaced values are not read again, and a {@code dynamic} block becomes the blocks it makes
     * (with {@code resolve} null, only {@code rename} applies).
     */
    static JsonNode substitute(JsonNode node, Function<String, String> rename,
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

    /** The attribute at a path such as {@code .a.b} of an object value; the value itself for an empty path. */
    static JsonNode attribute(JsonNode value, String path) {
        JsonNode attribute = value;
        for (String part : path.isEmpty() ? new String[0] : path.substring(1).split("\\.")) {
            attribute = attribute == null || !attribute.isObject() ? null : attribute.get(part);
        }
        return attribute;
    }

}
