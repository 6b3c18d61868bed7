package dev.pymirror.sync.resolve;

import dev.pymirror.sync.reqfile.RequirementEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Chooses, for each target, a consistent set of releases that satisfies the user's requirements,
 * as pip would choose it for that target: markers (with extras) evaluated in the target's
 * environment, Requires-Python against its Python, wheels ranked by its tags, yanked files only
 * when pinned with {@code ==}, pre-releases only when allowed, named or alone, and backtracking
 * when a choice leads to a conflict.
 *
 * <p>Dependencies come from each chosen file's core metadata, through the {@link PackageIndex}.
 * Targets are resolved in parallel over the one index, which caches what they share.
 */
public final class Resolver {

    /** The search recurses once per project chosen; real graphs of a few thousand fit easily in this. */
    private static final long STACK_BYTES = 256L << 20;

    private final PackageIndex index;
    private final ResolveOptions options;

    public Resolver(PackageIndex index, ResolveOptions options) {
        this.index = index;
        this.options = options;
    }

    /**
     * Resolves for one target.
     *
     * @param requirements what must be installed (markers are evaluated for the target)
     * @param constraints what limits versions of projects something else asks for
     * @throws ResolutionException when no consistent set exists; the message explains the conflict
     * @throws IndexException when the index fails
     */
    public Resolution resolve(List<RequirementEntry> requirements, List<RequirementEntry> constraints,
            InstallTarget target) throws ResolutionException, IndexException {
        Map<InstallTarget, Resolution> all = resolveAll(requirements, constraints, List.of(target));
        return all.get(target);
    }

    /**
     * Resolves for every target, in parallel.
     *
     * @return each target's resolution, in the order given
     * @throws ResolutionException when a target cannot be resolved; the message explains each that failed
     * @throws IndexException when the index fails
     */
    public Map<InstallTarget, Resolution> resolveAll(List<RequirementEntry> requirements,
            List<RequirementEntry> constraints, List<InstallTarget> targets) throws ResolutionException, IndexException {
        List<AtomicReference<Object>> outcomes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (InstallTarget target : targets) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            outcomes.add(outcome);
            Runnable work = () -> {
                try {
                    outcome.set(new ResolutionRun(index, target, options).run(requirements, constraints));
                } catch (ResolutionException | IndexException | RuntimeException | Error e) {
                    outcome.set(e);
                }
            };
            // A platform thread with a deep stack: the search recurses once per choice.
            Thread thread = new Thread(null, work, "resolve-" + target.name(), STACK_BYTES);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                threads.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new IndexException("interrupted while resolving", e);
            }
        }
        Map<InstallTarget, Resolution> result = new LinkedHashMap<>();
        List<ResolutionException> failures = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            switch (outcomes.get(i).get()) {
                case Resolution r -> result.put(targets.get(i), r);
                case ResolutionException e -> failures.add(e);
                case IndexException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException("no outcome for " + targets.get(i));
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        if (!failures.isEmpty()) {
            // Every target that failed, each with its own explanation: they often fail for different reasons.
            StringBuilder message = new StringBuilder();
            for (ResolutionException e : failures) {
                message.append(message.isEmpty() ? "" : "\n").append(e.getMessage());
            }
            throw new ResolutionException(failures.get(0).target(), message.toString(), failures.get(0).conflict());
        }
        return result;
    }
}
