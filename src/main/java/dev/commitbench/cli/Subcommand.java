package dev.commitbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Subcommand} is what the subcommands that split a run across machines ({@code plan}, {@code run-shard},
 * {@code merge}) have in common: the {@link CommandContext} they run in, the help layout (options in the order
 * declared, 100 columns; picocli applies a superclass's {@code @Command} attributes that a subclass leaves out) and
 * the {@code --help} option, listed after a subcommand's own options.
 */
@Command(sortOptions = false, usageHelpWidth = 100)
abstract class Subcommand implements Callable<Integer> {

    /** The console, working directory and environment the subcommand runs in. */
    final CommandContext context;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = Integer.MAX_VALUE,
            description = "Show this help message and exit.")
    private boolean help;

    Subcommand(CommandContext context) {
        this.context = context;
    }
}
