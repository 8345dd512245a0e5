package dev.commitbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Verifies that {@code docs/dependencies.md} names every library a user of commitbench gets at run time, with
 * a license: the jars on the test class path that Surefire reports, less the dependencies {@code pom.xml}
 * declares for tests only. With {@code -Djunit6} the same check covers JUnit 6's run-time dependencies.
 */
class DependenciesDocTests {

    private static final Pattern ROW = Pattern.compile("^\\| `([\\w.-]+):([\\w.-]+)` \\| ([^|]+) \\| ([^|]+) \\|",
            Pattern.MULTILINE);

    @Test
    void every_run_time_dependency_is_listed_with_its_license() throws Exception {
        Map<String, String> documented = documented();
        List<String> testOnly = testScopedDependencies();

        List<String> runtimeJars = classPathJars()
                .filter(jar -> testOnly.stream().noneMatch(coordinates -> jar.contains(repositoryPath(coordinates))))
                .toList();
        assertThat(runtimeJars).as("run-time jars on Surefire's test class path").hasSizeGreaterThan(10);

        List<String> undocumented = runtimeJars.stream()
                .filter(jar -> documented.keySet().stream().noneMatch(coordinates -> jar.contains(repositoryPath(coordinates))))
                .toList();
        assertThat(undocumented)
                .as("run-time dependencies that docs/dependencies.md does not list: add a row with the license their POM"
                        + " (or its parent's) declares")
                .isEmpty();
        assertThat(documented).as("licenses in docs/dependencies.md").allSatisfy((coordinates, license) ->
                assertThat(license).isNotBlank());
        assertThat(documented).containsEntry("org.eclipse.jgit:org.eclipse.jgit",
                "EDL-1.0 (Eclipse Distribution License, the BSD-3-Clause text; the POM names it BSD-3-Clause)");
    }

    private static Map<String, String> documented() throws Exception {
        String text = Files.readString(Path.of("docs/dependencies.md"), StandardCharsets.UTF_8);
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher matcher = ROW.matcher(text);
        while (matcher.find()) {
            rows.put(matcher.group(1) + ":" + matcher.group(2), matcher.group(4).strip());
        }
        return rows;
    }

    /** The {@code groupId:artifactId} of every dependency {@code pom.xml} declares with {@code <scope>test</scope>}. */
    private static List<String> testScopedDependencies() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        NodeList dependencies = pom.getElementsByTagName("dependency");
        List<String> testOnly = new java.util.ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if ("test".equals(child(dependency, "scope"))) {
                testOnly.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId"));
            }
        }
        assertThat(testOnly).as("test-scoped dependencies in pom.xml").contains("org.junit.jupiter:junit-jupiter-engine");
        return testOnly;
    }

    private static String child(Element element, String name) {
        NodeList nodes = element.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static Stream<String> classPathJars() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .map(entry -> entry.replace(File.separatorChar, '/'))
                .filter(entry -> !entry.contains("/surefire"));
    }

    /** {@code org.eclipse.jgit:org.eclipse.jgit} as its folder in a Maven repository: {@code /org/eclipse/jgit/org.eclipse.jgit/}. */
    private static String repositoryPath(String coordinates) {
        String[] parts = coordinates.split(":");
        return "/" + parts[0].replace('.', '/') + "/" + parts[1] + "/";
    }
}
