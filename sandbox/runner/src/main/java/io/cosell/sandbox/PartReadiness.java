package io.cosell.sandbox;

import java.util.Map;

/**
 * Whether one part of the sandbox serves now, with what a person or script waiting on it wants to see (its URL,
 * counts). The sandbox command reports each as a readiness check at {@code /q/health/ready}.
 */
public record PartReadiness(String name, boolean up, Map<String, String> data) {

    public PartReadiness {
        data = Map.copyOf(data);
    }

    public static PartReadiness up(String name, Map<String, String> data) {
        return new PartReadiness(name, true, data);
    }

    public static PartReadiness down(String name, String reason) {
        return new PartReadiness(name, false, Map.of("reason", reason));
    }
}
