package io.cosell.shared.referral;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON Patch (RFC 6902) operation of a referral update. Partner Center supports only {@code replace} and
 * {@code add}; paths are JSON Pointers such as {@code /details/dealValue} or {@code /team/-} (append).
 */
public record PatchOperation(String op, String path, JsonNode value) {

    public static PatchOperation replace(String path, Object value) {
        return new PatchOperation("replace", path, ReferralJson.tree(value));
    }

    public static PatchOperation add(String path, Object value) {
        return new PatchOperation("add", path, ReferralJson.tree(value));
    }
}
