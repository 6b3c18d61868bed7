package dev.pymirror.server.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.simple.ProvenanceObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An index seen through a filter of what is read (as of a moment, a cooldown, advisories): every
 * call goes to the index beneath unless the view changes it. Views stack, so each must pass on
 * what it does not change (a view above one that dropped {@link #history} would replay no yanks,
 * one that dropped {@link #writable} would refuse uploads); this class is where that is done once.
 */
public abstract class IndexView implements PackageIndex {

    protected final PackageIndex inner;

    protected IndexView(PackageIndex inner) {
        this.inner = inner;
    }

    /** The index beneath this view. */
    public PackageIndex inner() {
        return inner;
    }

    /** The index itself, under any number of views: what its kind and its own state are asked of. */
    public static PackageIndex beneath(PackageIndex index) {
        PackageIndex i = index;
        while (i instanceof IndexView v) {
            i = v.inner;
        }
        return i;
    }

    @Override
    public String name() {
        return inner.name();
    }

    /** Uploads go to the index beneath: a view filters what is read, never what is written. */
    @Override
    public WritableIndex writable() {
        return inner.writable();
    }

    @Override
    public PageAnswer page(ProjectName project) throws Unavailable {
        return inner.page(project);
    }

    @Override
    public Optional<PageAnswer> readyPage(ProjectName project) throws Unavailable {
        return inner.readyPage(project);
    }

    @Override
    public PageAnswer projectList() throws Unavailable {
        return inner.projectList();
    }

    /**
     * Refuses a file, asked for by its URL (or its {@code .metadata} or {@code .provenance}), that
     * this view leaves out of its pages; a view that leaves none out refuses nothing.
     *
     * @param filename the distribution's file name
     */
    protected void refuse(ProjectName project, String filename) throws Unavailable {}

    /** The distribution a {@code .metadata} or {@code .provenance} file name belongs to; others as they are. */
    protected static String distribution(String filename) {
        for (String suffix : new String[] {".metadata", ProvenanceObject.SUFFIX}) {
            if (filename.endsWith(suffix)) {
                return filename.substring(0, filename.length() - suffix.length());
            }
        }
        return filename;
    }

    @Override
    public FileAnswer file(ProjectName project, String filename) throws Unavailable, IOException {
        refuse(project, filename);
        return inner.file(project, filename);
    }

    @Override
    public MetadataAnswer metadata(ProjectName project, String filename) throws Unavailable, IOException {
        refuse(project, filename);
        return inner.metadata(project, filename);
    }

    @Override
    public Path provenance(ProjectName project, String filename) throws Unavailable, IOException {
        refuse(project, filename);
        return inner.provenance(project, filename);
    }

    @Override
    public Optional<Path> storedFile(ProjectName project, String filename) throws Unavailable {
        return inner.storedFile(project, filename);
    }

    @Override
    public List<FileEvent> history(ProjectName project) throws Unavailable {
        return inner.history(project);
    }

    @Override
    public void describe(ObjectNode into) {
        inner.describe(into);
    }
}
