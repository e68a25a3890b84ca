package io.jobhistory.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which dependency to add when a {@code jobhistory.*} feature is on and its module is missing. */
class MissingModuleFailureAnalyzer extends AbstractFailureAnalyzer<MissingModuleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingModuleException cause) {
        return new FailureAnalysis(cause.getMessage() + ".",
                "Add the dependency " + cause.dependency() + " (the same version as history-spring-boot-starter; "
                        + "history-bom manages it), or remove " + cause.property() + ".", cause);
    }
}
