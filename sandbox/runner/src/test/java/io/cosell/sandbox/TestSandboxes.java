package io.cosell.sandbox;

import java.nio.file.Path;

/**
 * How an end-to-end test class starts its sandbox: on free ports, with the function.zip files this module built, on
 * the DynamoDB Local and ElasticMQ shared by every sandbox of the test JVM (started on first use; like every local
 * server process they stop when the JVM exits; each sandbox empties them before it starts).
 */
public final class TestSandboxes {

    private static SharedStores stores;

    private TestSandboxes() {
    }

    public static SandboxOptions options() {
        return SandboxOptions.defaults().withPorts(SandboxPorts.anyFree()).withSharedStores(sharedStores())
                .withFunctionsDir(Path.of("target", "functions"));
    }

    private static synchronized SharedStores sharedStores() {
        if (stores == null) {
            stores = SharedStores.start(Sandbox.QUEUES);
        }
        return stores;
    }
}
