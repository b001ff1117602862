package io.cosell.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Follows the {@code *.log} files of a folder (function workers' output) and passes on the new lines that match. */
final class LogTail implements AutoCloseable {

    private final Path folder;
    private final Predicate<String> filter;
    private final Consumer<String> sink;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("log-tail").factory());

    private LogTail(Path folder, Predicate<String> filter, Consumer<String> sink) {
        this.folder = folder;
        this.filter = filter;
        this.sink = sink;
    }

    static LogTail follow(Path folder, Predicate<String> filter, Consumer<String> sink) {
        LogTail tail = new LogTail(folder, filter, sink);
        tail.poller.scheduleWithFixedDelay(tail::readNewLines, 100, 100, TimeUnit.MILLISECONDS);
        return tail;
    }

    private synchronized void readNewLines() {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(folder, "*.log")) {
            for (Path log : logs) {
                readFrom(log);
            }
        } catch (IOException | RuntimeException e) {
            // a worker may be replacing its log; the next round reads it
        }
    }

    private void readFrom(Path log) throws IOException {
        long offset = offsets.getOrDefault(log, 0L);
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 1 << 20)];
            file.readFully(bytes);
            int lastNewline = lastNewline(bytes);
            if (lastNewline < 0) {
                return;
            }
            offsets.put(log, offset + lastNewline + 1);
            for (String line : new String(bytes, 0, lastNewline, StandardCharsets.UTF_8).split("\n")) {
                if (filter.test(line)) {
                    sink.accept(line);
                }
            }
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
