package io.cosell.shared.testsupport;

import io.cosell.shared.state.Heartbeats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Heartbeats that beat only when a test says so, so lease renewal can be driven together with a test clock. */
public final class ManualHeartbeats implements Heartbeats {

    private final List<Runnable> beating = new CopyOnWriteArrayList<>();

    @Override
    public Beating every(Duration period, Runnable beat) {
        beating.add(beat);
        return () -> beating.remove(beat);
    }

    /** One beat of every heartbeat still running. */
    public void beat() {
        List.copyOf(beating).forEach(Runnable::run);
    }

    public int running() {
        return beating.size();
    }
}
