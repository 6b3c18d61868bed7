package dev.pymirror.sync.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One release resolved for a target, and why.
 *
 * @param version the version chosen
 * @param file the file's path in the tree, {@code <project>/<filename>}
 * @param extras the extras installed
 * @param requiredBy who asked for it: {@code requirements.txt:3}, {@code celery 5.6.3 [sqs]}
 * @param dependenciesFollowed false for an sdist whose dependencies could not be known
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResolvedRecord(
        String version,
        String file,
        List<String> extras,
        @JsonProperty("required_by") List<String> requiredBy,
        @JsonProperty("dependencies_followed") @JsonInclude(JsonInclude.Include.ALWAYS) boolean dependenciesFollowed) {

    public ResolvedRecord {
        extras = extras == null ? List.of() : List.copyOf(extras);
        requiredBy = requiredBy == null ? List.of() : List.copyOf(requiredBy);
    }
}
