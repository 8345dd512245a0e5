package dev.commitbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * {@code RunFolder} is used to make a fresh run folder the way benchmark.py does with Python's
 * {@code tempfile.mkdtemp(dir=...)}: {@code tmp} followed by eight characters from {@code [a-z0-9_]},
 * readable only by the owner where the file system has POSIX permissions.
 */
final class RunFolder {

    private static final String CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private static final int ATTEMPTS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What commitbench writes into the output folder it creates: ignore everything in it. */
    static final String GITIGNORE = "# commitbench's results (this folder was made by commitbench)\n*\n";

    private RunFolder() {
    }

    /**
     * Creates {@code parent} if needed and a new, empty {@code tmpXXXXXXXX} folder inside it. A {@code parent} that
     * commitbench creates (benchmark.py's {@code _benchmark/} in the current directory, usually inside the
     * repository) gets a {@code .gitignore} of {@code *}, so that the results never show up as untracked files;
     * one that exists already is left as it is.
     *
     * @throws UncheckedIOException naming the folder when it cannot be created
     */
    static Path createIn(Path parent) {
        try {
            if (!Files.exists(parent)) {
                Files.createDirectories(parent);
                Files.writeString(parent.resolve(".gitignore"), GITIGNORE);
            }
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Path folder = parent.resolve(name());
                try {
                    Files.createDirectory(folder);
                    restrictToOwner(folder);
                    return folder;
                } catch (FileAlreadyExistsException taken) {
                    // another run picked the same name: draw again, as mkdtemp does
                }
            }
            throw new IOException("no free name after " + ATTEMPTS + " attempts");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a run folder in [" + parent + "]: " + e.getMessage()
                    + ". Check that the folder can be written, or give another one with hydra.run.dir="
                    + " (hydra.sweep.dir= with --multirun).", e);
        }
    }

    static String name() {
        StringBuilder name = new StringBuilder("tmp");
        for (int i = 0; i < 8; i++) {
            name.append(CHARACTERS.charAt(RANDOM.nextInt(CHARACTERS.length())));
        }
        return name.toString();
    }

    private static void restrictToOwner(Path folder) throws IOException {
        if (Files.getFileAttributeView(folder, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
