package dev.commitbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.apiguardian.api.API.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies the API status of every public type of the library, read from the compiled classes (so a new
 * type cannot slip through): each carries apiguardian's {@code @API} with a {@code since}, the types users
 * touch are never {@code INTERNAL}, {@code dev.commitbench.internal} is only {@code INTERNAL}, and
 * {@code docs/api.md} lists exactly the {@code STABLE} types.
 */
class ApiStatusTests {

    private static final Pattern TYPE_NAME = Pattern.compile("`(dev\\.commitbench(?:\\.[A-Za-z_$][\\w$]*)+)`");

    private static List<Class<?>> publicTypes;

    @BeforeAll
    static void readCompiledClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(CombinedReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).as("the library's compiled classes (tests run from target/classes)").isDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            publicTypes = files
                    .filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString())
                    .filter(name -> !name.endsWith("package-info.class") && !name.endsWith("module-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.')
                            .replace('\\', '.'))
                    .sorted()
                    .<Class<?>>map(ApiStatusTests::load)
                    .filter(ApiStatusTests::isPublicType)
                    .toList();
        }
        assertThat(publicTypes).as("public types found in %s", classes).hasSizeGreaterThan(20)
                .contains(CombinedReport.class, BenchmarkAcrossCommits.class, Sweep.Sweeps.class);
    }

    @Test
    void every_public_type_declares_its_api_status_and_since() {
        List<String> missing = publicTypes.stream()
                .filter(type -> !type.isAnnotationPresent(API.class)
                        || type.getAnnotation(API.class).since().isBlank())
                .map(Class::getName)
                .toList();

        assertThat(missing)
                .as("public types without @API(status = STABLE | EXPERIMENTAL | INTERNAL, since = \"...\"):"
                        + " annotate each with its status (docs/api.md says what each status promises)")
                .isEmpty();
    }

    @Test
    void the_public_api_package_holds_no_internal_type() {
        assertThat(typesIn("dev.commitbench").filter(type -> status(type) == Status.INTERNAL).map(Class::getName))
                .as("types in dev.commitbench are the API users touch; move internal types to a sub-package")
                .isEmpty();
    }

    @Test
    void the_internal_package_holds_only_internal_types() {
        assertThat(typesIn("dev.commitbench.internal").filter(type -> status(type) != Status.INTERNAL)
                .map(Class::getName))
                .as("dev.commitbench.internal is not API: its public types must be @API(status = INTERNAL)")
                .isEmpty();
    }

    @Test
    void every_type_of_the_public_api_package_shows_an_example_in_its_class_comment() throws IOException {
        List<String> withoutExample = new java.util.ArrayList<>();
        for (Class<?> type : typesIn("dev.commitbench").filter(type -> type.getEnclosingClass() == null).toList()) {
            Path source = Path.of("src/main/java/dev/commitbench", type.getSimpleName() + ".java");
            assertThat(source).as("the source of %s", type.getName()).isRegularFile();
            String text = Files.readString(source, StandardCharsets.UTF_8);
            Matcher declaration = Pattern.compile("(?m)^public .*\\b" + type.getSimpleName() + "\\b").matcher(text);
            assertThat(declaration.find()).as("the declaration of %s", type.getName()).isTrue();
            String before = text.substring(0, declaration.start());
            String classComment = before.substring(Math.max(0, before.lastIndexOf("/**")));
            if (!classComment.contains("<pre><code class='java'>")) {
                withoutExample.add(type.getName());
            }
        }

        assertThat(withoutExample)
                .as("types of dev.commitbench whose class comment shows no <pre><code class='java'> example: add a short one")
                .isEmpty();
    }

    @Test
    void docs_api_md_lists_exactly_the_stable_types() {
        Set<String> stable = publicTypes.stream()
                .filter(type -> status(type) == Status.STABLE)
                .map(Class::getCanonicalName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = stableSectionOfDocsApiMd();

        assertThat(stable).as("types annotated @API(status = STABLE)").isNotEmpty();
        assertThat(listed)
                .as("the types that docs/api.md lists under \"## Stable\" must be exactly those annotated STABLE")
                .isEqualTo(stable);
    }

    private static Set<String> stableSectionOfDocsApiMd() {
        Path doc = Path.of("docs/api.md");
        if (!Files.isRegularFile(doc)) {
            fail("docs/api.md is missing (looked in %s)", doc.toAbsolutePath());
        }
        String text;
        try {
            text = Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf("\n## Stable\n");
        assertThat(start).as("docs/api.md has a \"## Stable\" section").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Set<String> names = new TreeSet<>();
        Matcher matcher = TYPE_NAME.matcher(section);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Stream<Class<?>> typesIn(String packageName) {
        return publicTypes.stream().filter(type -> type.getPackageName().equals(packageName));
    }

    private static Status status(Class<?> type) {
        API api = type.getAnnotation(API.class);
        return api == null ? null : api.status();
    }

    /** Public, and reachable from outside: every enclosing type public too; no anonymous, local or synthetic class. */
    private static boolean isPublicType(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiStatusTests.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name + " from the compiled classes", e);
        }
    }
}
