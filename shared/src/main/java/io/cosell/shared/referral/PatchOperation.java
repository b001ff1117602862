package io.cosell.shared.referral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One JSON Patch (RFC 6902) operation of a referral update. Partner Center supports only {@code replace} and
 * {@code add}; paths are JSON Pointers such as {@code /details/dealValue} or {@code /team/-} (append). Values other
 * than text and booleans are turned into trees with {@link ReferralJson#tree}.
 */
public record PatchOperation(String op, String path, JsonNode value) {

    public static PatchOperation replace(String path, JsonNode value) {
        return new PatchOperation("replace", path, value == null ? NullNode.instance : value);
    }

    public static PatchOperation replace(String path, String text) {
        return replace(path, text == null ? NullNode.instance : TextNode.valueOf(text));
    }

    public static PatchOperation replace(String path, boolean value) {
        return replace(path, BooleanNode.valueOf(value));
    }

    public static PatchOperation add(String path, JsonNode value) {
        return new PatchOperation("add", path, value == null ? NullNode.instance : value);
    }

    public static PatchOperation add(String path, String text) {
        return add(path, text == null ? NullNode.instance : TextNode.valueOf(text));
    }

    public static PatchOperation add(String path, boolean value) {
        return add(path, BooleanNode.valueOf(value));
    }
}
