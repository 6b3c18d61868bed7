/**
 * {@code pymirror use}: pointing a person's (or the machine's) Python clients at a pymirror server,
 * as {@code devpi use --set-cfg} does, and putting every file back afterwards.
 *
 * <p>{@link dev.pymirror.use.UseTarget} is the server and index chosen; {@link dev.pymirror.use.UseScope}
 * says which files each client reads for a user or for the machine; {@link dev.pymirror.use.ClientUse}
 * writes them and undoes them through inject's record of changes ({@code Injector.write},
 * {@code Ejector} with a {@code RecordLayout} of its own), so that undo restores each file exactly.
 */
package dev.pymirror.use;
