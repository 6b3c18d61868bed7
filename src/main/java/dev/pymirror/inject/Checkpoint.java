package dev.pymirror.inject;

/**
 * Called before each step that changes a root, naming it ("create etc/pip.conf"). The tests stop
 * inject and eject at every step with it, to show that a crash anywhere leaves a root eject restores.
 */
@FunctionalInterface
interface Checkpoint {

    Checkpoint NONE = step -> { };

    void reached(String step);
}
