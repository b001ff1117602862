package io.cosell.sandbox;

/** DynamoDB Local and ElasticMQ shared by every sandbox a test JVM starts: started on first use, stopped at its exit. */
public final class TestStores {

    private static SharedStores stores;

    private TestStores() {
    }

    public static synchronized SharedStores shared() {
        if (stores == null) {
            stores = SharedStores.start(Sandbox.QUEUES);
            Runtime.getRuntime().addShutdownHook(new Thread(stores::close, "test-stores-stop"));
        }
        return stores;
    }
}
