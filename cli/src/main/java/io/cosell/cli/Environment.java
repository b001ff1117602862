package io.cosell.cli;

import picocli.CommandLine;

import java.util.Map;
import java.util.WeakHashMap;

/** The environment a command line runs with (the process's, or a test's), kept per {@link CommandLine}. */
final class Environment {

    private static final Map<Object, Map<String, String>> BY_ROOT = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    private Environment() {
    }

    static void set(CommandLine any, Map<String, String> environment) {
        BY_ROOT.put(root(any).getCommand(), Map.copyOf(environment));
    }

    static Map<String, String> of(CommandLine.Model.CommandSpec spec) {
        return BY_ROOT.getOrDefault(spec.root().userObject(), Map.of());
    }

    private static CommandLine root(CommandLine line) {
        CommandLine root = line;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }
}
