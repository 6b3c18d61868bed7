package dev.pymirror.sync.index;

import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.packaging.metadata.CoreMetadata;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.packaging.version.SpecifierSet;
import dev.pymirror.simple.ProjectFile;
import dev.pymirror.sync.reqfile.HashPins;
import dev.pymirror.sync.resolve.Candidate;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.ProjectCandidates;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The usual guess for a sync: for each target, the best file of the newest release it can use
 * (what the resolver tries first when nothing narrows the choice), and the dependencies whose
 * markers hold for some target without extras.
 */
public final class TargetSpeculation implements Speculation {

    private final List<InstallTarget> targets;
    private final SdistPolicy sdists;
    private final boolean prereleases;

    public TargetSpeculation(List<InstallTarget> targets, SdistPolicy sdists, boolean prereleases) {
        this.targets = List.copyOf(targets);
        this.sdists = sdists;
        this.prereleases = prereleases;
    }

    @Override
    public List<ProjectFile> likelyFiles(ProjectName project, List<ProjectFile> files) {
        Set<ProjectFile> likely = new LinkedHashSet<>();
        for (InstallTarget target : targets) {
            List<Candidate> best = ProjectCandidates.of(project, files, target, sdists)
                    .matching(SpecifierSet.ANY, HashPins.NONE, prereleases);
            if (!best.isEmpty()) {
                likely.add(best.get(0).file());
            }
        }
        return new ArrayList<>(likely);
    }

    @Override
    public Collection<ProjectName> likelyDependencies(CoreMetadata metadata) {
        Set<ProjectName> names = new LinkedHashSet<>();
        for (Requirement r : metadata.requiresDist()) {
            for (InstallTarget target : targets) {
                try {
                    if (r.appliesTo(target.environment(), Set.of())) {
                        names.add(r.name());
                        break;
                    }
                } catch (PackagingException e) {
                    break; // the resolver will say what is wrong with it
                }
            }
        }
        return names;
    }
}
