package dev.commitbench.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/**
 * {@code ProjectVersion} is used by tests to read the project's version from {@code pom.xml} (tests run in
 * the project folder), the value the build writes into the artifacts, so a test can compare what the code
 * reports with what the build says.
 */
public final class ProjectVersion {

    private ProjectVersion() {
    }

    /**
     * Returns {@code <project><version>} of {@code pom.xml} in the working directory.
     *
     * @throws IllegalStateException when the file is missing or has no version
     */
    public static String fromPom() {
        Path pom = Path.of("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new IllegalStateException("no pom.xml in " + pom.toAbsolutePath().getParent()
                    + ": run the tests from the project folder");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", document).strip();
            if (version.isEmpty()) {
                throw new IllegalStateException(pom.toAbsolutePath() + " has no <project><version>");
            }
            return version;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom.toAbsolutePath(), e);
        }
    }
}
