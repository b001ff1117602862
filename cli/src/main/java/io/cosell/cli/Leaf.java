package io.cosell.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that does something: its settings, services and output come from the root command line. */
abstract class Leaf implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        CosellCommand root = (CosellCommand) spec.root().userObject();
        try (Services services = new Services(root.settings(Environment.of(spec)))) {
            return run(services, new Output(spec.commandLine().getOut(), root.json));
        }
    }

    abstract int run(Services services, Output out) throws Exception;

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
