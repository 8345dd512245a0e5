package dev.commitbench.engine;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code EngineLog} is used to collect the output of a run's processes: every stdout and stderr line goes
 * to {@code <run dir>/engine.log} and to the request's listener as it comes, and the last
 * {@value #LAST_LINES} lines are kept for error messages. Thread-safe (stdout and stderr are pumped by two
 * threads).
 */
final class EngineLog implements Closeable {

    static final String FILE_NAME = "engine.log";
    static final int LAST_LINES = 20;

    private final Path file;
    private final BufferedWriter writer;
    private final Consumer<String> listener;
    private final Deque<String> lastLines = new ArrayDeque<>(LAST_LINES);
    private String lastStdoutLine = "";

    EngineLog(Path runDirectory, Consumer<String> listener) {
        this.file = runDirectory.resolve(FILE_NAME);
        this.listener = listener;
        try {
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("Cannot write the engine log " + file
                    + ": check that the output directory is writable (" + e + ")", e);
        }
    }

    /**
     * Creates an empty log in {@code runDirectory} when there is none, ahead of the run that writes it.
     *
     * @throws UncheckedIOException when it cannot
     */
    static void create(Path runDirectory) {
        try {
            Files.createFile(runDirectory.resolve(FILE_NAME));
        } catch (FileAlreadyExistsException e) {
            // an earlier run's log, which the run truncates as it would anyway
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the engine log in " + runDirectory, e);
        }
    }

    /** Deletes the log in {@code runDirectory} while it is empty (one that {@link #create} made for a run that did not happen). */
    static void deleteIfEmpty(Path runDirectory) {
        Path file = runDirectory.resolve(FILE_NAME);
        try {
            if (Files.size(file) == 0) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // gone already, or kept: either way nothing to undo
        }
    }

    Path file() {
        return file;
    }

    /** A line of the process's output ({@code stderr} false: stdout). */
    synchronized void line(String line, boolean stderr) {
        if (!stderr) {
            lastStdoutLine = line;
        }
        write(line);
        try {
            listener.accept(line);
        } catch (RuntimeException e) {
            write("(commitbench: the line listener failed: " + e + ")");
        }
    }

    /** A line of our own (an iteration header, a timeout notice): logged, not offered to the listener. */
    synchronized void note(String line) {
        write(line);
    }

    /**
     * A line of our own that closes a process's output (its exit code and wall time): logged, kept out of the
     * last lines that error messages quote.
     */
    synchronized void footer(String line) {
        append(line);
    }

    /** Forgets the last stdout line, before a new process starts. */
    synchronized void newProcess() {
        lastStdoutLine = "";
    }

    synchronized String lastStdoutLine() {
        return lastStdoutLine;
    }

    synchronized List<String> lastLines() {
        return List.copyOf(lastLines);
    }

    private void write(String line) {
        if (lastLines.size() == LAST_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
        append(line);
    }

    private void append(String line) {
        try {
            writer.write(line);
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the engine log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the engine log " + file, e);
        }
    }
}
