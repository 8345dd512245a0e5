package dev.commitbench.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code LocalFile} is used to hold one file of the folder being uploaded, with what the protocol needs:
 * its path in the repo, size, SHA-256 (the LFS oid), git blob SHA-1 (the regular oid) and its first 512
 * bytes (the preupload sample).
 */
record LocalFile(String pathInRepo, Path file, long size, String sha256, String gitSha1, byte[] sample) {

    private static final int SAMPLE_BYTES = 512;

    /**
     * Lists the regular files under {@code folder} in sorted order, like {@code upload_folder}: POSIX
     * separators, {@code .git} and {@code .cache/huggingface} left out, prefixed with {@code pathInRepo}.
     */
    static List<LocalFile> scan(Path folder, String pathInRepo) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> !ignored(folder.relativize(file)))
                    .sorted(Comparator.comparing(file -> posix(folder.relativize(file))))
                    .toList();
        }
        String prefix = pathInRepo.isEmpty() ? "" : pathInRepo + "/";
        List<LocalFile> result = new ArrayList<>(files.size());
        for (Path file : files) {
            result.add(of(prefix + posix(folder.relativize(file)), file));
        }
        return result;
    }

    static LocalFile of(String pathInRepo, Path file) throws IOException {
        long size = Files.size(file);
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] sample = new byte[0];
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (sample.length < SAMPLE_BYTES) {
                    int take = Math.min(read, SAMPLE_BYTES - sample.length);
                    byte[] grown = Arrays.copyOf(sample, sample.length + take);
                    System.arraycopy(buffer, 0, grown, sample.length, take);
                    sample = grown;
                }
                sha256.update(buffer, 0, read);
                sha1.update(buffer, 0, read);
            }
        }
        HexFormat hex = HexFormat.of();
        return new LocalFile(pathInRepo, file, size, hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()), sample);
    }

    /** The git blob SHA-1 of some bytes, as the Hub reports it for regular files. */
    static String gitSha1(byte[] content) {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(content));
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + algorithm, e);
        }
    }

    private static boolean ignored(Path relative) {
        String path = "/" + posix(relative) + "/";
        return path.contains("/.git/") || path.contains("/.cache/huggingface/");
    }

    private static String posix(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
