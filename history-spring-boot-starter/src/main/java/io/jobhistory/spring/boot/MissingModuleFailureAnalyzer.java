package io.jobhistory.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which dependency to add when a {@code jobhistory.*} feature is on and its module is missing. */
class MissingModuleFailureAnalyzer extends AbstractFailureAnalyzer<MissingModuleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingModuleException cause) {
        String version = cause.dependency().startsWith("io.jobhistory:")
                ? " (the same version as history-spring-boot-starter; history-bom manages it)" : "";
        return new FailureAnalysis(cause.getMessage() + ".",
                "Add the dependency " + cause.dependency() + version + ", or remove " + cause.property() + ".", cause);
    }
}
