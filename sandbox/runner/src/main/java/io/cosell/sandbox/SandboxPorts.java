package io.cosell.sandbox;

/**
 * The sandbox's ports on 127.0.0.1 ({@code health}: the sandbox command's {@code /q/health/ready}). The defaults are fixed so scripts can rely on them; 0 picks a free port (tests).
 */
public record SandboxPorts(int receiver, int partnerCenter, int dataverse, int entra, int dynamoDb, int sqs, int health) {

    public static SandboxPorts defaults() {
        return new SandboxPorts(7100, 7101, 7102, 7103, 7104, 7105, 7106);
    }

    public static SandboxPorts anyFree() {
        return new SandboxPorts(0, 0, 0, 0, 0, 0, 0);
    }

    public SandboxPorts {
        for (int port : new int[] {receiver, partnerCenter, dataverse, entra, dynamoDb, sqs, health}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }
}
