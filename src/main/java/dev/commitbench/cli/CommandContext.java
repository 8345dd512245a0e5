package dev.commitbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code CommandContext} is what {@link CommitbenchCommand} hands its subcommands: standard output (results, the
 * Markdown report, the matrix), standard error (progress, warnings, errors), the directory relative paths resolve
 * against, and the environment variables to read.
 *
 * @param out standard output
 * @param err standard error
 * @param workingDirectory the directory relative paths resolve against
 * @param environment the environment variables
 */
record CommandContext(PrintWriter out, PrintWriter err, Path workingDirectory, Map<String, String> environment) {

    /** {@return {@code path} resolved against the working directory, normalized} */
    Path resolve(Path path) {
        return workingDirectory.resolve(path).normalize();
    }
}
