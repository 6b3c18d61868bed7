package dev.pymirror.cli;

import dev.pymirror.advisories.AdvisoryStore;
import dev.pymirror.advisories.ImportReport;
import dev.pymirror.server.config.AdvisoryFeedConfig;
import dev.pymirror.server.config.ConfigException;
import dev.pymirror.server.guard.OsvDownload;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pymirror advisories import FILE|DIR} or {@code --url URL}: reads OSV records into the data
 * directory, all or nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import OSV records for PyPI: OSV's all.zip, a folder of <id>.json records, or one record."
                + " Offline and all or nothing: a damaged archive or an invalid record changes nothing."
                + " Run it again with newer data: a record replaces the stored one when its 'modified' is newer.",
            "--url fetches the archive from an OSV mirror first (http or https), as a server with advisories-url does.",
            "A running server picks the new advisories up within 10 seconds."})
final class AdvisoriesImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..1",
            description = "all.zip, a folder of OSV JSON records, or one record's .json")
    Path source;

    @Option(names = "--url", paramLabel = "URL", description = "fetch all.zip from here instead (http or https)")
    String url;

    @Override
    public Integer call() {
        return data.edit(spec.commandLine(), "advisories import", config -> {
            if ((source == null) == (url == null)) {
                throw new ConfigException("give a FILE|DIR or --url URL, one of them");
            }
            AdvisoryStore store = new AdvisoryStore(config.dataDir());
            ImportReport r = source != null ? store.importFrom(source, Clock.systemUTC())
                    // Never asked before by this process: no validators, the archive comes whole.
                    : new OsvDownload(AdvisoryFeedConfig.url(url)).fetchInto(store, Clock.systemUTC()).orElseThrow();
            spec.commandLine().getOut().printf("read %d PyPI records: %d new, %d replaced by newer, %d withdrawn,"
                    + " %d unchanged; %d advisories stored%n", r.read(), r.added(), r.replaced(), r.withdrawn(),
                    r.unchanged(), r.total());
        });
    }
}
