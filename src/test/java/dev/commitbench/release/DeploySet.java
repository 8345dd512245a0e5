package dev.commitbench.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/**
 * {@code DeploySet} is used by the build ({@code ./mvnw verify}, execution {@code deploy-set} in
 * {@code pom.xml}) to check that what a release would deploy to Maven Central is complete, without
 * deploying anything: the POM carries the metadata Central requires, the library, sources and Javadoc jars
 * are there and hold what they should, and each file of the set, staged in the Maven repository layout under
 * {@code target/deploy-set/}, has its MD5, SHA-1, SHA-256 and SHA-512 checksum files, which are then read back
 * and checked against the staged file and the built artifact. With {@code signed=true} (the {@code release}
 * profile) every file must also have its {@code .asc} signature.
 *
 * <p>Arguments, as {@code key=value}: {@code pom}, {@code target} (the build directory), {@code finalName},
 * {@code groupId}, {@code artifactId}, {@code version}, {@code moduleName}, {@code staging} and
 * {@code signed}. Every problem is reported at once, one per line, each saying what to do.
 */
public final class DeploySet {

    /** The checksums Central accepts, by file suffix; MD5 and SHA-1 are required, SHA-256 and SHA-512 optional. */
    static final Map<String, String> CHECKSUMS = checksums();

    private final Map<String, String> args;
    private final List<String> problems = new ArrayList<>();

    DeploySet(Map<String, String> args) {
        this.args = args;
    }

    /**
     * Runs the check.
     *
     * @param args the arguments as {@code key=value}
     * @throws IllegalStateException listing every problem when the set is incomplete
     */
    public static void main(String... args) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("deploy-set check: arguments are key=value, but got [" + arg + "]");
            }
            parsed.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        DeploySet set = new DeploySet(parsed);
        List<Path> staged = set.check();
        System.out.println("deploy-set check: complete: " + staged.size() + " files, each with MD5, SHA-1, SHA-256"
                + " and SHA-512 checksums" + (set.signed() ? " and a signature" : "") + ", in " + staged.get(0).getParent());
    }

    /**
     * Checks the POM and the jars, stages the set with checksums and verifies it.
     *
     * @return the staged files (POM and jars), in deploy order
     * @throws IllegalStateException listing every problem when the set is incomplete
     */
    List<Path> check() {
        Path target = Path.of(arg("target"));
        Map<String, Path> artifacts = artifacts();

        checkPom(artifacts.get(".pom"));
        artifacts.forEach((suffix, file) -> {
            if (!Files.isRegularFile(file)) {
                problems.add("missing " + describe(suffix) + " [" + file + "]: run ./mvnw package without skipping it"
                        + (suffix.equals("-javadoc.jar") ? " (-Dmaven.javadoc.skip)" : "")
                        + (suffix.equals("-sources.jar") ? " (-Dmaven.source.skip)" : ""));
            }
        });
        failIfProblems();

        checkLibraryJar(artifacts.get(".jar"));
        Set<String> classes = topLevelClasses(artifacts.get(".jar"));
        checkSourcesJar(artifacts.get("-sources.jar"), classes);
        checkJavadocJar(artifacts.get("-javadoc.jar"), classes);

        List<Path> staged = stage(artifacts, stagingDirectory(), signed() ? target : null);
        verify(artifacts, staged, signed());
        failIfProblems();
        return staged;
    }

    /**
     * Verifies the set staged earlier again, without staging it anew.
     *
     * @return the problems found, none when the staged set is complete and intact
     */
    List<String> verifyStaged() {
        String base = arg("artifactId") + "-" + arg("version");
        Map<String, Path> artifacts = artifacts();
        List<Path> staged = artifacts.keySet().stream().map(suffix -> stagingDirectory().resolve(base + suffix)).toList();
        staged.stream().filter(file -> !Files.isRegularFile(file))
                .forEach(file -> problems.add("missing staged file [" + file + "]"));
        if (problems.isEmpty()) {
            verify(artifacts, staged, signed());
        }
        return List.copyOf(problems);
    }

    private Map<String, Path> artifacts() {
        Path target = Path.of(arg("target"));
        String finalName = arg("finalName");
        Map<String, Path> artifacts = new LinkedHashMap<>();
        artifacts.put(".pom", Path.of(arg("pom")));
        artifacts.put(".jar", target.resolve(finalName + ".jar"));
        artifacts.put("-sources.jar", target.resolve(finalName + "-sources.jar"));
        artifacts.put("-javadoc.jar", target.resolve(finalName + "-javadoc.jar"));
        return artifacts;
    }

    private Path stagingDirectory() {
        return Path.of(arg("staging")).resolve(arg("groupId").replace('.', '/')).resolve(arg("artifactId"))
                .resolve(arg("version"));
    }

    private boolean signed() {
        return Boolean.parseBoolean(args.getOrDefault("signed", "false"));
    }

    private void checkPom(Path pom) {
        if (!Files.isRegularFile(pom)) {
            problems.add("missing POM [" + pom + "]");
            return;
        }
        Document document;
        XPath xpath = XPathFactory.newInstance().newXPath();
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            document = factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            problems.add("cannot parse the POM [" + pom + "]: " + e.getMessage());
            return;
        }
        Map<String, String> required = new LinkedHashMap<>();
        required.put("/project/groupId", "<groupId>");
        required.put("/project/artifactId", "<artifactId>");
        required.put("/project/version", "<version>");
        required.put("/project/name", "<name>");
        required.put("/project/description", "<description>");
        required.put("/project/url", "<url>");
        required.put("/project/licenses/license[1]/name", "<licenses><license><name>");
        required.put("/project/licenses/license[1]/url", "<licenses><license><url>");
        required.put("/project/developers/developer[1]/name", "<developers><developer><name>");
        required.put("/project/scm/url", "<scm><url>");
        required.put("/project/scm/connection", "<scm><connection>");
        required.put("/project/scm/developerConnection", "<scm><developerConnection>");
        required.forEach((path, element) -> {
            String value = text(xpath, document, path);
            if (value.isBlank()) {
                problems.add("the POM [" + pom + "] lacks " + element + ", which Maven Central requires: add it");
            }
        });
        for (String key : List.of("groupId", "artifactId", "version")) {
            String value = text(xpath, document, "/project/" + key);
            if (!value.isBlank() && !value.equals(arg(key))) {
                problems.add("the POM [" + pom + "] has <" + key + ">" + value + "</" + key + ">, but the build says ["
                        + arg(key) + "]: keep them the same");
            }
        }
    }

    private void checkLibraryJar(Path jar) {
        String moduleName = arg("moduleName");
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String actual = manifest == null ? null : manifest.getMainAttributes().getValue("Automatic-Module-Name");
            if (!moduleName.equals(actual)) {
                problems.add("the library jar [" + jar + "] has Automatic-Module-Name [" + actual + "], expected ["
                        + moduleName + "]: set it in the maven-jar-plugin's manifestEntries");
            }
        } catch (IOException e) {
            problems.add("the library jar [" + jar + "] is not a readable jar: " + e.getMessage());
        }
    }

    private Set<String> topLevelClasses(Path jar) {
        Set<String> classes = new TreeSet<>();
        for (String name : entries(jar)) {
            if (name.endsWith(".class") && !name.contains("$") && !name.endsWith("module-info.class")
                    && !name.endsWith("package-info.class") && !name.startsWith("META-INF/")) {
                classes.add(name.substring(0, name.length() - ".class".length()));
            }
        }
        if (classes.isEmpty()) {
            problems.add("the library jar [" + jar + "] holds no classes");
        }
        return classes;
    }

    private void checkSourcesJar(Path jar, Set<String> classes) {
        Set<String> entries = entries(jar);
        List<String> missing = classes.stream().filter(c -> !entries.contains(c + ".java")).toList();
        if (!missing.isEmpty()) {
            problems.add("the sources jar [" + jar + "] lacks the sources of " + missing
                    + ": build it from the same sources as the library jar");
        }
    }

    private void checkJavadocJar(Path jar, Set<String> classes) {
        Set<String> entries = entries(jar);
        for (String required : List.of("index.html", "element-list")) {
            if (!entries.contains(required)) {
                problems.add("the Javadoc jar [" + jar + "] lacks " + required + ": it is not a Javadoc site");
            }
        }
        String elementList = read(jar, "element-list");
        Set<String> listed = Set.copyOf(elementList.lines().map(String::strip).toList());
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(c.substring(0, Math.max(0, c.lastIndexOf('/'))).replace('/', '.')));
        List<String> undocumented = packages.stream().filter(p -> !listed.contains(p)).toList();
        if (!undocumented.isEmpty()) {
            problems.add("the Javadoc jar [" + jar + "] documents no package " + undocumented
                    + ": build the Javadoc for every package of the library jar");
        }
    }

    private List<Path> stage(Map<String, Path> artifacts, Path directory, Path signatures) {
        String base = arg("artifactId") + "-" + arg("version");
        List<Path> staged = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            try (Stream<Path> old = Files.list(directory)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            for (var artifact : artifacts.entrySet()) {
                Path copy = directory.resolve(base + artifact.getKey());
                Files.copy(artifact.getValue(), copy, StandardCopyOption.REPLACE_EXISTING);
                staged.add(copy);
                for (var checksum : CHECKSUMS.entrySet()) {
                    Files.writeString(copy.resolveSibling(copy.getFileName() + checksum.getKey()),
                            digest(copy, checksum.getValue()), StandardCharsets.US_ASCII);
                }
                if (signatures != null) {
                    Path signature = signatureOf(artifact.getKey(), artifact.getValue(), signatures);
                    if (Files.isRegularFile(signature)) {
                        Files.copy(signature, copy.resolveSibling(copy.getFileName() + ".asc"),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deploy-set check: cannot stage the set in [" + directory + "]", e);
        }
        return staged;
    }

    /** Reads every staged file back: the copy equals the artifact, and each checksum file matches both. */
    private void verify(Map<String, Path> artifacts, List<Path> staged, boolean signed) {
        List<Path> sources = List.copyOf(artifacts.values());
        for (int i = 0; i < staged.size(); i++) {
            Path copy = staged.get(i);
            Path original = sources.get(i);
            for (var checksum : CHECKSUMS.entrySet()) {
                Path file = copy.resolveSibling(copy.getFileName() + checksum.getKey());
                String algorithm = checksum.getValue();
                if (!Files.isRegularFile(file)) {
                    problems.add("missing " + algorithm + " checksum [" + file + "]");
                    continue;
                }
                String recorded = readString(file).strip().toLowerCase(Locale.ROOT);
                String expectedLength = String.valueOf(digestLength(algorithm) * 2);
                if (!recorded.matches("[0-9a-f]{" + expectedLength + "}")) {
                    problems.add("the " + algorithm + " checksum [" + file + "] is not " + expectedLength
                            + " hex digits: [" + recorded + "]");
                } else if (!recorded.equals(digest(copy, algorithm))) {
                    problems.add("the " + algorithm + " checksum [" + file + "] does not match the staged file");
                } else if (!recorded.equals(digest(original, algorithm))) {
                    problems.add("the staged [" + copy + "] differs from the built [" + original
                            + "]: run ./mvnw verify again");
                }
            }
            if (signed) {
                Path signature = copy.resolveSibling(copy.getFileName() + ".asc");
                if (!Files.isRegularFile(signature)) {
                    problems.add("missing signature [" + signature + "]: the release profile signs with maven-gpg-plugin"
                            + " in the package phase; check that it ran");
                } else if (!readString(signature).startsWith("-----BEGIN PGP SIGNATURE-----")) {
                    problems.add("the signature [" + signature + "] is not an ASCII-armored PGP signature");
                }
            }
        }
    }

    private static Path signatureOf(String suffix, Path artifact, Path target) {
        // maven-gpg-plugin signs the POM as <finalName>.pom.asc in the build directory, the jars beside themselves
        if (suffix.equals(".pom")) {
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".pom.asc")).findFirst()
                        .orElse(target.resolve("missing.pom.asc"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return artifact.resolveSibling(artifact.getFileName() + ".asc");
    }

    private void failIfProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("deploy-set check: the set a release would deploy is incomplete:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private String arg(String key) {
        String value = args.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("deploy-set check: the argument " + key + "=... is missing");
        }
        return value;
    }

    private static String describe(String suffix) {
        return switch (suffix) {
            case ".pom" -> "POM";
            case ".jar" -> "library jar";
            case "-sources.jar" -> "sources jar";
            default -> "Javadoc jar";
        };
    }

    private static Set<String> entries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("deploy-set check: [" + jar + "] is not a readable jar", e);
        }
    }

    private static String read(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                return "";
            }
            try (InputStream in = zip.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deploy-set check: [" + jar + "] is not a readable jar", e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("deploy-set check: cannot read [" + file + "]", e);
        }
    }

    private static String text(XPath xpath, Document document, String path) {
        try {
            return xpath.evaluate(path, document).strip();
        } catch (XPathExpressionException e) {
            throw new IllegalStateException(path, e);
        }
    }

    static String digest(Path file, String algorithm) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[65_536];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("deploy-set check: cannot read [" + file + "]", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int digestLength(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).getDigestLength();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> checksums() {
        Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put(".md5", "MD5");
        checksums.put(".sha1", "SHA-1");
        checksums.put(".sha256", "SHA-256");
        checksums.put(".sha512", "SHA-512");
        return checksums;
    }
}
