package dev.pymirror.sync.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was resolved for one target.
 *
 * @param python the Python version given
 * @param platform the platform tag given
 * @param implementation the interpreter's short name
 * @param abis the ABIs given, empty for the interpreter's default
 * @param packages the releases chosen, by normalized project name
 * @param notes what the resolver said the user should know
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TargetRecord(
        String python,
        String platform,
        String implementation,
        List<String> abis,
        Map<String, ResolvedRecord> packages,
        List<String> notes) {

    public TargetRecord {
        abis = abis == null ? List.of() : List.copyOf(abis);
        packages = packages == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(packages));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
