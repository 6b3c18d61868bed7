/**
 * Image roots: pointing the Python clients inside an image being built at a mirror, and putting the
 * root back exactly afterwards.
 *
 * <p>{@link dev.pymirror.inject.IndexSelection} chooses the indexes from diskimage-builder's
 * variables and the command line; {@link dev.pymirror.inject.PipConfig},
 * {@link dev.pymirror.inject.UvConfig} and {@link dev.pymirror.inject.EasyInstallConfig} render
 * each client's file; {@link dev.pymirror.inject.Injector} writes them into an
 * {@link dev.pymirror.inject.ImageRoot}, bind-mounts the mirror tree read-only at {@code /tmp/pypi}
 * and keeps a {@link dev.pymirror.inject.ChangeRecord} inside the root
 * ({@link dev.pymirror.inject.RecordFile}); {@link dev.pymirror.inject.Ejector} undoes exactly that
 * record, after a crash too; {@link dev.pymirror.inject.ChrootRunner} does both around one command
 * run in a chroot with a clean environment.
 *
 * <p>Bad input is an {@link dev.pymirror.inject.InvalidSettingException} (an
 * {@code IllegalArgumentException}); anything else that stops the job is an
 * {@link dev.pymirror.inject.InjectException}, with subclasses for an already injected root, a
 * record that does not match its root, and missing privileges. Mounts and chroot need root; writing
 * files needs only write access to the root.
 */
package dev.pymirror.inject;
