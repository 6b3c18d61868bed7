package dev.pymirror.server.index;

import dev.pymirror.simple.ProjectList;

/** A project list ready to send, which also says what it holds (a group merges its members' lists). */
public interface RenderableProjectList extends RenderablePage {

    /** The list as this server shows it. */
    ProjectList list();
}
