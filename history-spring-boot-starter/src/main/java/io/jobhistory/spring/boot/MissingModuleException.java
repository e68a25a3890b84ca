package io.jobhistory.spring.boot;

/**
 * A {@code jobhistory.*} feature is turned on but the module it needs is not on the classpath; startup stops rather
 * than run without it silently. {@link MissingModuleFailureAnalyzer} turns it into a message that names the
 * dependency to add.
 */
public class MissingModuleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String dependency;

    MissingModuleException(String property, String dependency, String missingClass) {
        super(property + " turns on a feature of " + dependency + ", which is not on the classpath (no "
                + missingClass + ")");
        this.property = property;
        this.dependency = dependency;
    }

    /** The property that turned the feature on, such as {@code jobhistory.web.enabled=true}. */
    public String property() {
        return property;
    }

    /** The dependency to add, as {@code groupId:artifactId}. */
    public String dependency() {
        return dependency;
    }
}
