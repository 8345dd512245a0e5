package dev.commitbench.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the deploy-set check that {@code ./mvnw verify} runs: a complete set is staged in the Maven
 * repository layout with four checksums per file, and every gap (POM metadata, a jar, the module name,
 * sources, Javadoc, a checksum, a signature) fails with a message that names it and says what to do.
 */
class DeploySetTests {

    private static final String FULL_POM = """
            <project>
              <groupId>dev.example</groupId>
              <artifactId>lib</artifactId>
              <version>1.2.0</version>
              <name>lib</name>
              <description>A library.</description>
              <url>https://example.dev/lib</url>
              <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses>
              <developers><developer><name>The lib developers</name></developer></developers>
              <scm>
                <connection>scm:git:https://example.dev/lib.git</connection>
                <developerConnection>scm:git:ssh://git@example.dev/lib.git</developerConnection>
                <url>https://example.dev/lib</url>
              </scm>
            </project>
            """;

    @TempDir
    Path project;

    private Path target;
    private Path staging;

    @BeforeEach
    void builtArtifacts() throws IOException {
        target = Files.createDirectories(project.resolve("target"));
        staging = target.resolve("deploy-set");
        Files.writeString(project.resolve("pom.xml"), FULL_POM);
        jar("lib-1.2.0.jar", "dev.example", Map.of("dev/example/Api.class", "class bytes",
                "dev/example/Api$Nested.class", "nested", "dev/example/internal/Helper.class", "helper"));
        jar("lib-1.2.0-sources.jar", null, Map.of("dev/example/Api.java", "class Api {}",
                "dev/example/internal/Helper.java", "class Helper {}"));
        jar("lib-1.2.0-javadoc.jar", null, Map.of("index.html", "<html/>",
                "element-list", "dev.example\ndev.example.internal\n"));
    }

    @Test
    void a_complete_set_is_staged_in_the_repository_layout_with_four_checksums_per_file() throws Exception {
        List<Path> staged = deploySet(Map.of()).check();

        Path directory = staging.resolve("dev/example/lib/1.2.0");
        assertThat(staged).containsExactly(directory.resolve("lib-1.2.0.pom"), directory.resolve("lib-1.2.0.jar"),
                directory.resolve("lib-1.2.0-sources.jar"), directory.resolve("lib-1.2.0-javadoc.jar"));
        assertThat(directory.resolve("lib-1.2.0.pom")).hasSameBinaryContentAs(project.resolve("pom.xml"));
        for (Path file : staged) {
            byte[] content = Files.readAllBytes(file);
            assertThat(directory.resolve(file.getFileName() + ".md5")).hasContent(hex("MD5", content));
            assertThat(directory.resolve(file.getFileName() + ".sha1")).hasContent(hex("SHA-1", content));
            assertThat(directory.resolve(file.getFileName() + ".sha256")).hasContent(hex("SHA-256", content));
            assertThat(directory.resolve(file.getFileName() + ".sha512")).hasContent(hex("SHA-512", content));
        }
        try (var files = Files.list(directory)) {
            assertThat(files).hasSize(4 * 5);
        }
    }

    @Test
    void checksums_match_known_values() throws Exception {
        Files.writeString(project.resolve("pom.xml"), FULL_POM);
        Path abc = Files.writeString(project.resolve("abc"), "abc");

        assertThat(DeploySet.digest(abc, "MD5")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(DeploySet.digest(abc, "SHA-1")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void a_staged_file_or_checksum_that_changed_afterwards_is_named() throws Exception {
        deploySet(Map.of()).check();
        Path directory = staging.resolve("dev/example/lib/1.2.0");
        Files.writeString(directory.resolve("lib-1.2.0.jar.sha1"), "0".repeat(40));
        Files.delete(directory.resolve("lib-1.2.0-javadoc.jar.md5"));
        Files.writeString(directory.resolve("lib-1.2.0.pom.sha256"), "not hex");

        assertThat(deploySet(Map.of()).verifyStaged()).containsExactlyInAnyOrder(
                "the SHA-1 checksum [" + directory.resolve("lib-1.2.0.jar.sha1") + "] does not match the staged file",
                "missing MD5 checksum [" + directory.resolve("lib-1.2.0-javadoc.jar.md5") + "]",
                "the SHA-256 checksum [" + directory.resolve("lib-1.2.0.pom.sha256") + "] is not 64 hex digits: [not hex]");
    }

    @Test
    void a_staged_copy_that_differs_from_the_built_artifact_is_named() throws Exception {
        deploySet(Map.of()).check();
        jar("lib-1.2.0-sources.jar", null, Map.of("dev/example/Api.java", "class Api { /* changed */ }",
                "dev/example/internal/Helper.java", "class Helper {}"));

        Path copy = staging.resolve("dev/example/lib/1.2.0/lib-1.2.0-sources.jar");
        assertThat(deploySet(Map.of()).verifyStaged()).contains("the staged [" + copy + "] differs from the built ["
                + target.resolve("lib-1.2.0-sources.jar") + "]: run ./mvnw verify again");
    }

    @Test
    void missing_pom_metadata_is_named_element_by_element() throws Exception {
        Files.writeString(project.resolve("pom.xml"), """
                <project>
                  <groupId>dev.example</groupId>
                  <artifactId>lib</artifactId>
                  <version>1.2.0</version>
                  <name>lib</name>
                  <description>A library.</description>
                </project>
                """);
        Path pom = project.resolve("pom.xml");

        assertThatThrownBy(() -> deploySet(Map.of()).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("deploy-set check: the set a release would deploy is incomplete:\n  - ")
                .hasMessageContaining("the POM [" + pom + "] lacks <url>, which Maven Central requires: add it")
                .hasMessageContaining("lacks <licenses><license><name>, which")
                .hasMessageContaining("lacks <licenses><license><url>, which")
                .hasMessageContaining("lacks <developers><developer><name>, which")
                .hasMessageContaining("lacks <scm><url>, which")
                .hasMessageContaining("lacks <scm><connection>, which")
                .hasMessageContaining("lacks <scm><developerConnection>, which");
        assertThat(staging).doesNotExist();
    }

    @Test
    void a_pom_for_another_version_than_the_build_is_named() {
        assertThatThrownBy(() -> deploySet(Map.of("version", "1.3.0")).check())
                .hasMessageContaining("the POM [" + project.resolve("pom.xml")
                        + "] has <version>1.2.0</version>, but the build says [1.3.0]: keep them the same");
    }

    @Test
    void a_missing_javadoc_or_sources_jar_says_how_to_build_it() throws Exception {
        Files.delete(target.resolve("lib-1.2.0-javadoc.jar"));
        Files.delete(target.resolve("lib-1.2.0-sources.jar"));

        assertThatThrownBy(() -> deploySet(Map.of()).check())
                .hasMessageContaining("missing Javadoc jar [" + target.resolve("lib-1.2.0-javadoc.jar")
                        + "]: run ./mvnw package without skipping it (-Dmaven.javadoc.skip)")
                .hasMessageContaining("missing sources jar [" + target.resolve("lib-1.2.0-sources.jar")
                        + "]: run ./mvnw package without skipping it (-Dmaven.source.skip)");
    }

    @Test
    void a_library_jar_without_the_module_name_is_named() throws Exception {
        jar("lib-1.2.0.jar", null, Map.of("dev/example/Api.class", "class bytes",
                "dev/example/internal/Helper.class", "helper"));

        assertThatThrownBy(() -> deploySet(Map.of()).check())
                .hasMessageContaining("the library jar [" + target.resolve("lib-1.2.0.jar")
                        + "] has Automatic-Module-Name [null], expected [dev.example]: set it in the"
                        + " maven-jar-plugin's manifestEntries");
    }

    @Test
    void sources_and_javadoc_must_cover_every_class_and_package() throws Exception {
        jar("lib-1.2.0-sources.jar", null, Map.of("dev/example/Api.java", "class Api {}"));
        jar("lib-1.2.0-javadoc.jar", null, Map.of("index.html", "<html/>", "element-list", "dev.example\n"));

        assertThatThrownBy(() -> deploySet(Map.of()).check())
                .hasMessageContaining("the sources jar [" + target.resolve("lib-1.2.0-sources.jar")
                        + "] lacks the sources of [dev/example/internal/Helper]")
                .hasMessageContaining("the Javadoc jar [" + target.resolve("lib-1.2.0-javadoc.jar")
                        + "] documents no package [dev.example.internal]");
    }

    @Test
    void a_signed_set_needs_an_armored_signature_for_every_file() throws Exception {
        Path directory = staging.resolve("dev/example/lib/1.2.0");

        assertThatThrownBy(() -> deploySet(Map.of("signed", "true")).check())
                .hasMessageContaining("missing signature [" + directory.resolve("lib-1.2.0.pom.asc")
                        + "]: the release profile signs with maven-gpg-plugin in the package phase; check that it ran")
                .hasMessageContaining("missing signature [" + directory.resolve("lib-1.2.0-javadoc.jar.asc") + "]");

        String armored = "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
        Files.writeString(target.resolve("lib-1.2.0.pom.asc"), armored);
        for (String jar : List.of("lib-1.2.0.jar", "lib-1.2.0-sources.jar", "lib-1.2.0-javadoc.jar")) {
            Files.writeString(target.resolve(jar + ".asc"), armored);
        }
        List<Path> staged = deploySet(Map.of("signed", "true")).check();
        assertThat(staged).allSatisfy(file -> assertThat(file.resolveSibling(file.getFileName() + ".asc")).hasContent(armored));

        Files.writeString(target.resolve("lib-1.2.0.jar.asc"), "not a signature");
        assertThatThrownBy(() -> deploySet(Map.of("signed", "true")).check())
                .hasMessageContaining("the signature [" + directory.resolve("lib-1.2.0.jar.asc")
                        + "] is not an ASCII-armored PGP signature");
    }

    @Test
    void arguments_must_be_key_value() {
        assertThatThrownBy(() -> DeploySet.main("pom"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deploy-set check: arguments are key=value, but got [pom]");
        assertThatThrownBy(() -> DeploySet.main("pom=" + project.resolve("pom.xml")))
                .hasMessage("deploy-set check: the argument target=... is missing");
    }

    private DeploySet deploySet(Map<String, String> overrides) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("pom", project.resolve("pom.xml").toString());
        args.put("target", target.toString());
        args.put("finalName", "lib-1.2.0");
        args.put("groupId", "dev.example");
        args.put("artifactId", "lib");
        args.put("version", "1.2.0");
        args.put("moduleName", "dev.example");
        args.put("staging", staging.toString());
        args.putAll(overrides);
        return new DeploySet(args);
    }

    private void jar(String name, String moduleName, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (moduleName != null) {
            manifest.getMainAttributes().putValue("Automatic-Module-Name", moduleName);
        }
        try (OutputStream file = Files.newOutputStream(target.resolve(name));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (var entry : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey()));
                jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }
}
