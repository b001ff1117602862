package io.cosell.shared.schema;

import java.util.List;

/** What an install or a check did or found, component by component, in order. */
public record SchemaReport(List<SchemaStep> steps) {

    public SchemaReport {
        steps = List.copyOf(steps);
    }

    public long count(SchemaStep.Outcome outcome) {
        return steps.stream().filter(s -> s.outcome() == outcome).count();
    }

    /** True when something is missing or incompatible. */
    public boolean hasProblems() {
        return steps.stream().anyMatch(SchemaStep::problem);
    }

    public List<SchemaStep> problems() {
        return steps.stream().filter(SchemaStep::problem).toList();
    }
}
