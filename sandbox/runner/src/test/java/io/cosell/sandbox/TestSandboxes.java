package io.cosell.sandbox;

/**
 * DynamoDB Local and ElasticMQ shared by every sandbox a test JVM starts: started on first use; like every local
 * server process they stop when the JVM exits.
 */
public final class TestStores {

    private static SharedStores stores;

    private TestStores() {
    }

    public static synchronized SharedStores shared() {
        if (stores == null) {
            stores = SharedStores.start(Sandbox.QUEUES);
        }
        return stores;
    }
}
