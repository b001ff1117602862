package io.cosell.sandbox.bare;

import io.quarkus.funqy.Funq;

/**
 * The floor the connector's functions are measured against: Quarkus, Funqy and the Lambda runtime with no
 * application code. It answers its input.
 */
public class BareFunction {

    @Funq
    public String bare(String input) {
        return input;
    }
}
