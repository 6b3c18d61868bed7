package dev.pymirror.server.index;

import dev.pymirror.simple.ProjectPage;

/** A project page ready to send, which also says what it holds (a group reads its members' pages). */
public interface RenderableProjectPage extends RenderablePage {

    /** The page as this server shows it: file URLs are this server's. */
    ProjectPage page();
}
